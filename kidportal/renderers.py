"""The form renderer: Django's own templates, except for the one that costs the most.

Django renders a <select> with a template include per option; the dashboard's scope form and the
trajectory filters hold a hundred options and spent a fifth of their page on them. Here a select
is written by Python with the same escaping and the same HTML as Django's template
(tests/test_renderers.py compares the two for every kind of select we use).
"""

from django.forms.renderers import TemplatesSetting
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"


class Renderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return render_select(context["widget"])
        return super().render(template_name, context, request)


def render_select(widget):
    parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            # Django's option template ends with a line break: hence the blank lines, kept identical.
            parts.append(format_html('\n  <option value="{}"{}>{}</option>\n', str(option["value"]),
                                     _attrs(option["attrs"]), option["label"]))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


def _attrs(attrs):
    """As django/forms/widgets/attrs.html, in the same order: True gives the bare name, False leaves
    the attribute out."""
    return mark_safe("".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items() if value is not False
    ))
