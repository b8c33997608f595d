// A part of a form that only matters after one answer (data-shown-when="field=value") is shown only then:
// the consent's date, guardians and purposes after "Ja, de toestemming is gegeven"; a new guardian's name and
// relation after "een andere ouder of voogd (nieuw)". Without JavaScript it stays visible, and the server ignores
// it for any other answer.
document.querySelectorAll("[data-shown-when]").forEach(function (part) {
  var condition = part.dataset.shownWhen.split("=");
  var form = part.closest("form");
  function update() {
    var chosen = form.querySelector('input[name="' + condition[0] + '"]:checked');
    part.hidden = !(chosen && chosen.value === condition[1]);
  }
  form.addEventListener("change", update);
  update();
});
