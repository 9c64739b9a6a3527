"""Form widgets rendered in Python where Django's template rendering costs too much.

Django renders a <select> through one template include per <option> (about 0.1 ms each):
the employee list's filter form, with its hundred-odd options, spent more CPU on its selects
than on its table. QuickSelect writes exactly the same HTML as forms.Select (tested against
it) without the templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    """As django/forms/widgets/attrs.html: ` name="value"`, the bare name for True, nothing
    for False."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _text(value: Any) -> str:
    """As a template's {{ value }}: localised (numbers), then escaped unless already safe."""
    return conditional_escape(localize(value))


class QuickSelect(forms.Select):
    """forms.Select, the same markup (select.html and select_option.html), written in Python."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in group_choices:
                value_text = conditional_escape(str(option["value"]))
                parts.append(
                    f'\n  <option value="{value_text}"{_attrs(option["attrs"])}>'
                    f"{_text(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above
