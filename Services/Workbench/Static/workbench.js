// Small helps only; every page works without this script.
document.addEventListener("DOMContentLoaded", function () {
  // Ask before a step that cannot be undone (withdrawal).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // The place: show only the chosen town's communities and the chosen community's grids.
  var town = document.getElementById("location_town");
  var community = document.getElementById("location_community");
  var grid = document.getElementById("location_grid");
  function narrow(select, label) {
    if (!select) { return; }
    select.querySelectorAll("optgroup").forEach(function (group) {
      var keep = !label || group.label === label;
      group.hidden = !keep;
      group.disabled = !keep;
    });
  }
  function chosenText(select) {
    return select && select.value ? select.options[select.selectedIndex].text : "";
  }
  if (town && community) {
    var update = function () {
      narrow(community, chosenText(town));
      narrow(grid, chosenText(community));
    };
    town.addEventListener("change", update);
    community.addEventListener("change", update);
    update();
  }
});
