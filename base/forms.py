"""Django's own form rendering in Bootstrap 5's markup, for a form whose layout stands in its template
(``{{ form.name.as_field_group }}``, templates/forms/field.html): the registration form, the portal's busiest.
The other forms are laid out by crispy-forms."""

from django import forms
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's renderer with the project's templates: a field group is a label, the field, its errors and help."""

    field_template_name = "forms/field.html"


def bootstrap_class(widget):
    if widget.is_hidden:
        return ""
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect):
        return "form-select"
    if getattr(widget, "input_type", None) in ("checkbox", "radio"):
        return "form-check-input"
    return "form-control"


class BootstrapBoundField(forms.BoundField):
    """A field whose widget carries Bootstrap's class, and is-invalid while the field has an error."""

    @property
    def is_checkbox(self):
        """One checkbox, its label after it (templates/forms/field.html); a group of them is a fieldset."""
        widget = self.field.widget
        return getattr(widget, "input_type", None) == "checkbox" and not getattr(
            widget, "allow_multiple_selected", False)

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        css = bootstrap_class(widget)
        if css:
            if self.errors:
                css += " is-invalid"
            # A class of the widget's own or of the caller stays: Django lets these attrs replace the widget's.
            own = attrs.get("class") or widget.attrs.get("class")
            attrs["class"] = f"{own} {css}" if own else css
        return attrs
