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

// Long work (an export) says it has started, so nobody clicks twice, and stops saying so when the download
// arrives: the link carries a token that the server returns as the cookie "download". A minute at most.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-busy]");
  var status = document.getElementById("bezig");
  if (!link || !status) return;
  var token = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  var url = new URL(link.href, window.location.href);
  url.searchParams.set("download", token);
  link.href = url.toString();
  status.textContent = link.dataset.busy;
  var started = Date.now();
  var timer = window.setInterval(function () {
    var arrived = document.cookie.split("; ").indexOf("download=" + token) !== -1;
    if (!arrived && Date.now() - started < 60000) return;
    window.clearInterval(timer);
    document.cookie = "download=; Max-Age=0; path=/; SameSite=Lax";
    if (status.textContent === link.dataset.busy) status.textContent = "";
  }, 300);
});

// A print button prints the page (the print stylesheet leaves out the menu and the buttons).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});

// A copy button (data-copy="id of the element whose text it copies"), e.g. the child's pseudonymous code.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) return;
  var source = document.getElementById(button.dataset.copy);
  function selectForCtrlC() {  // no clipboard access (plain http, an older browser): the text is selected
    var range = document.createRange();
    range.selectNodeContents(source);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
    button.textContent = button.dataset.select;
  }
  if (!navigator.clipboard) return selectForCtrlC();
  navigator.clipboard.writeText(source.textContent.trim()).then(function () {
    button.textContent = button.dataset.copied;
  }, selectForCtrlC);
});
