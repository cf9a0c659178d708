// The search page without a round of clicks: sort applies as soon as it is chosen (the Sort button stays
// for browsers without script), and on a wide screen the filters are open beside the results.
document.querySelectorAll("form.sort-form").forEach((form) => {
  const select = form.querySelector("select");
  const button = form.querySelector(".sort-apply");
  if (!select || !button) return;
  button.hidden = true;
  select.addEventListener("change", () => form.requestSubmit());
});
const filters = document.querySelector("details.filters");
if (filters && window.matchMedia("(min-width: 800px)").matches) filters.open = true;
