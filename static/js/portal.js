// One submit per form: a second click while the page is sending does nothing.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.sending === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.sending = "1";
  form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
    button.setAttribute("aria-disabled", "true");
    button.classList.add("disabled");
  });
});

// Coming back with the browser's back button brings the form back to life.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-sending]").forEach(function (form) {
    delete form.dataset.sending;
    form.querySelectorAll(".disabled[aria-disabled]").forEach(function (button) {
      button.removeAttribute("aria-disabled");
      button.classList.remove("disabled");
    });
  });
});

// Long work (an export) says it has started, so nobody clicks twice.
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-busy]");
  if (!link) return;
  var status = document.getElementById("bezig");
  if (status) status.textContent = link.dataset.busy;
});

// A print button prints the page (the print stylesheet leaves out the menu and the buttons).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
