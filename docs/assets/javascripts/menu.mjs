// The navigation drawer's button (the header's menu icon, shown on narrow
// screens and when a desktop page is zoomed in) for the keyboard.
//
// The theme draws it as a <label> for the drawer's hidden checkbox: a tap
// or a click opens the drawer, but the label takes no focus, so a reader on
// the keyboard could never open the navigation. The header markup makes it a
// focusable button (overrides/partials/header.html). The theme clicks a
// focused label on Enter; here Space works it too, as it does a button,
// Escape closes the open drawer and brings the focus back to it, and
// aria-expanded says whether the drawer is open.

const toggle = document.getElementById("__drawer");
const button = document.querySelector('label.md-header__button[for="__drawer"]');

function setOpen(open) {
  if (toggle.checked === open) return;
  toggle.checked = open;
  // The theme follows the checkbox through its change event.
  toggle.dispatchEvent(new Event("change"));
}

if (toggle && button) {
  const show = () => button.setAttribute("aria-expanded", String(toggle.checked));
  show();
  toggle.addEventListener("change", show);
  button.addEventListener("keydown", (event) => {
    if (event.key !== " ") return;
    event.preventDefault();
    setOpen(!toggle.checked);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !toggle.checked) return;
    setOpen(false);
    button.focus();
  });
}
