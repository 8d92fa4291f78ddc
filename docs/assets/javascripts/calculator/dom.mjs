// The one element builder every part of the page script shares.

// h("a", {href}, "text", child, [more]): attributes false or null are left
// out, true is a bare attribute; children may be nested arrays and nulls.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    el.setAttribute(name, value === true ? "" : value);
  }
  el.append(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return el;
}

// A fresh copy of the first element of a page <template data-template=name>.
export function fromTemplate(name) {
  return document.querySelector(`template[data-template="${name}"]`).content.firstElementChild.cloneNode(true);
}
