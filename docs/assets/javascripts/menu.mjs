// The navigation drawer (shown on narrow screens and when a desktop page is
// zoomed in) for the keyboard.
//
// The theme draws the header's menu icon as a <label> for the drawer's
// hidden checkbox: a tap or a click opens the drawer, but the label takes no
// focus. The header markup makes it a focusable button
// (overrides/partials/header.html). The theme clicks a focused label on
// Enter; here Space works it too, as it does a button, and aria-expanded says
// whether the drawer is open.
//
// Inside, the drawer shows one panel at a time: the chapters, or one
// chapter's pages, or a page's contents, each panel sliding over the one it
// came from. The theme leaves the chapters' labels out of the Tab order and
// lets the focus wander to the panels underneath and to the page behind. So
// while the drawer is open the focus stays in the panel shown: opening the
// drawer or a panel moves the focus to the panel's first item, Tab and
// Shift+Tab go round its items (a chapter's label opens its panel with Enter
// or Space, a panel's title goes back), going back puts the focus on the
// label it came from, and Escape closes the drawer with the focus back on
// the menu button.

const toggle = document.getElementById("__drawer");
const button = document.querySelector('label.md-header__button[for="__drawer"]');
const root = document.querySelector(".md-sidebar--primary nav.md-nav--primary");

function setOpen(open) {
  if (toggle.checked === open) return;
  toggle.checked = open;
  // The theme follows the checkbox through its change event.
  toggle.dispatchEvent(new Event("change"));
}

// Rendered and not visibility: hidden (browsers without checkVisibility:
// rendered only).
const shown = (el) => (el.checkVisibility ? el.checkVisibility({ visibilityProperty: true })
  : el.getClientRects().length > 0);

// The drawer is a drawer (not the desktop's sidebar) while its button shows.
const isDrawer = () => shown(button);
const isOpen = () => toggle.checked && isDrawer();

// The panel shown: the deepest one whose toggles are all ticked.
function shownPanel() {
  let panel = root;
  for (;;) {
    const next = panel.querySelector(":scope > ul > li > input.md-nav__toggle:checked ~ nav.md-nav");
    if (!next) return panel;
    panel = next;
  }
}

// A panel is the drawer's top list or a list that slides in over it (one
// with a toggle beside it); a page's contents may nest lists inside a panel.
const isPanel = (nav) => nav === root || Boolean(nav.parentElement.querySelector(":scope > input.md-nav__toggle"));

function panelOf(el) {
  let nav = el.closest("nav.md-nav");
  while (nav && !isPanel(nav)) nav = nav.parentElement.closest("nav.md-nav");
  return nav;
}

// A panel's own items, in order: its title and its links and labels that are
// shown, nested lists' included, not those of the panels inside it. The top
// list's title (the site's name and logo, which only closes the drawer, as
// Escape does) is left out, so the focus starts on the first page.
function items(panel) {
  return [...panel.querySelectorAll("a[href], label[for]")].filter((el) =>
    panelOf(el) === panel && shown(el) && !el.closest('label.md-nav__title[for="__drawer"]'));
}

// Scrolls the list holding ``el`` up or down, never sideways, until the
// whole of ``el`` is in it. The theme's lists snap to their items' starts, so
// scrolling down goes to the first start that shows all of ``el``: a scroll
// that ended between two starts would snap back and cut it off.
function keepInView(el) {
  for (let box = el.parentElement; box && root.parentElement.contains(box); box = box.parentElement) {
    const overflow = getComputedStyle(box).overflowY;
    if ((overflow === "auto" || overflow === "scroll") && box.scrollHeight > box.clientHeight) {
      const item = el.getBoundingClientRect();
      const view = box.getBoundingClientRect();
      if (item.top < view.top) {
        box.scrollTop -= view.top - item.top;
      } else if (item.bottom > view.bottom) {
        const need = box.scrollTop + item.bottom - view.bottom;
        const starts = [...box.querySelectorAll(":scope > li")]
          .map((li) => box.scrollTop + li.getBoundingClientRect().top - view.top);
        box.scrollTop = starts.find((start) => start >= need) ?? need;
      }
      return;
    }
  }
}

function focusItem(el) {
  // The theme's labels of chapters have no tabindex; -1 lets them take the
  // focus here without adding them to the desktop's Tab order.
  if (el.localName === "label" && !(el.tabIndex >= 0)) el.tabIndex = -1;
  // While a panel slides in, the browser's own scrolling into view would
  // scroll the drawer sideways to where the item is at that moment, and the
  // panel would come to rest out of sight.
  el.focus({ preventScroll: true });
  keepInView(el);
}

function enterPanel(panel) {
  const [first] = items(panel);
  if (first) focusItem(first);
}

if (toggle && button && root) {
  const show = () => button.setAttribute("aria-expanded", String(toggle.checked));
  show();
  // Whether the focus was last in the drawer: a click on the overlay takes it
  // to the page's body before the drawer closes.
  let focusInDrawer = false;
  document.addEventListener("focusin", (event) => { focusInDrawer = root.contains(event.target); });
  toggle.addEventListener("change", () => {
    show();
    if (!isDrawer()) return;
    if (toggle.checked && document.activeElement === button) enterPanel(shownPanel());
    const lost = document.activeElement === document.body && focusInDrawer;
    if (!toggle.checked && (root.contains(document.activeElement) || lost)) button.focus({ preventScroll: true });
  });
  // A key held down works a button once, as a native button does: its
  // repeats would open what the focus has moved to (the theme clicks a
  // focused label on every Enter).
  window.addEventListener("keydown", (event) => {
    if (!event.repeat || (event.key !== "Enter" && event.key !== " ")) return;
    if (event.target === button || (root.contains(event.target) && event.target.localName === "label")) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  button.addEventListener("keydown", (event) => {
    if (event.key !== " ") return;
    event.preventDefault();
    setOpen(!toggle.checked);
  });
  // A panel opened from the keyboard takes the focus; closed, it hands the
  // focus back to the label that opened it.
  for (const panelToggle of root.querySelectorAll("input.md-nav__toggle")) {
    panelToggle.addEventListener("change", () => {
      if (!isOpen() || !root.contains(document.activeElement)) return;
      if (panelToggle.checked) {
        enterPanel(shownPanel());
      } else {
        const opener = root.querySelector(`label.md-nav__link[for="${panelToggle.id}"]`);
        if (opener) focusItem(opener);
      }
    });
  }
  document.addEventListener("keydown", (event) => {
    if (!isOpen()) return;
    if (event.key === "Escape") {
      setOpen(false);
      button.focus();
      return;
    }
    // The key's own target: Space on the menu button has moved the focus
    // into the drawer by the time the event gets here.
    const label = event.target;
    if (event.key === " " && label.localName === "label" && root.contains(label)) {
      event.preventDefault();
      label.click();
      return;
    }
    if (event.key !== "Tab") return;
    const list = items(shownPanel());
    if (!list.length) return;
    event.preventDefault();
    const at = list.indexOf(document.activeElement);
    const step = event.shiftKey ? -1 : 1;
    const next = at < 0 ? (event.shiftKey ? list.length - 1 : 0) : (at + step + list.length) % list.length;
    focusItem(list[next]);
  });
}
