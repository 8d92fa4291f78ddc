// Printing the calculator prints only the reader's own results.
//
// The calculator fills every form with today's date and computes it, so a
// printout would carry results nobody asked for. A form is the reader's when
// they typed or chose something in it, or when the page was opened with its
// fields in the address (a permalink). print.css then leaves the other forms
// out, but only once the reader has one: printing untouched, the page still
// prints whatever results it shows.

function fieldNames(form) {
  const names = new Set();
  for (const el of form.elements) if (el.name) names.add(el.name);
  return names;
}

function setup(form, params) {
  if (form.dataset.kmcPrintReady) return;
  form.dataset.kmcPrintReady = "1";
  const mark = () => { form.dataset.kmcReader = "1"; };
  form.addEventListener("input", mark);
  form.addEventListener("change", mark);
  // A permalink names the form's fields (items= for the item checkboxes).
  for (const name of fieldNames(form)) {
    if (params.has(name) || params.has(`${name}s`)) mark();
  }
}

function init() {
  const params = new URLSearchParams(location.search);
  for (const form of document.querySelectorAll("form[data-calculator]")) setup(form, params);
}

if (typeof document$ !== "undefined") {
  document$.subscribe(init);
} else {
  init();
}
