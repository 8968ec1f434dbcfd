"""The IVR menu builder's output: an :class:`~telephony.class5.models.IvrMenu` as ConneXML.

A menu compiles to a plain document the user can read (and copy into an app of their own),
with no loop construct: every try is written out. Per try, the prompt plays in a
``<Gather numDigits="1" finishOnKey="">`` (so ``*`` and ``#`` are choices too), each option
is a ``<Condition>`` on ``gather_result`` that leaves the menu, and a key that matched no
option hears the invalid prompt. A try without a key simply repeats the prompt. After the
last try the caller goes to the fallback, or is hung up on::

    <Response>
      <Gather numDigits="1" timeout="5" finishOnKey=""><Say>Press 1 for sales</Say></Gather>
      <Condition field="gather_result" expression="^1$"><Redirect>app:group/3</Redirect></Condition>
      <Condition field="gather_result" expression="^.$"><Say>Not a valid choice.</Say></Condition>
      ... (the next try) ...
      <Hangup/>
    </Response>

How an option leaves the menu is :func:`destination_step`: a ``<Redirect>`` to the internal
target ``app:<destination type>/<id>`` (``app:external/<digits>``, ``app:uri/<sip URI>``)
that :mod:`telephony.class5.routing` resolves when the key is pressed, so a round-robin
group only turns when it is chosen and nested menus compile one at a time. (ConneXML has
no "stop here" a Condition may hold, so a number dialled in place would fall through to the
rest of the menu once the call ends.)

>>> from telephony.class5.models import IvrMenu
>>> menu = IvrMenu(name="Main", prompt={"say": "Press 1"}, tries=1, timeout=5,
...                options={"1": {"type": "group", "target": 3}})
>>> print(compile_menu(menu).splitlines()[2])
  <Gather numDigits="1" timeout="5" finishOnKey=""><Say>Press 1</Say></Gather>
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from telephony.class5.models import DestinationType, IvrMenu

__all__ = ["INVALID_TEXT", "compile_menu", "destination_step", "internal_target", "prompt_xml"]

#: What a caller hears after a key that is not an option, when the menu sets no prompt.
INVALID_TEXT = "Sorry, that is not a valid choice."

#: ``step(destination)`` -> the ConneXML verbs that take a caller there.
Step = Callable[[Mapping[str, Any]], str]


def internal_target(destination: Mapping[str, Any]) -> str:
    """``app:<type>/<target>``: how a compiled document names a destination.

    >>> internal_target({"type": "group", "target": 3})
    'app:group/3'
    >>> internal_target({"type": "external", "target": "15550001"})
    'app:external/15550001'
    """
    return f"app:{DestinationType(destination['type']).value}/{destination['target']}"


def destination_step(destination: Mapping[str, Any]) -> str:
    """The verb that sends a caller to ``destination`` (a stored ``{"type", "target"}``):
    a ``<Redirect>`` to its internal target, which leaves the menu for good (an inline
    ``<Dial>`` would fall through to the rest of the menu when the dialled call ends)."""
    return f"<Redirect>{escape(internal_target(destination))}</Redirect>"


def prompt_xml(prompt: Mapping[str, str] | None) -> str:
    """``{"say": text}`` -> ``<Say>text</Say>``, ``{"play": source}`` -> ``<Play>``; else ''."""
    if not prompt:
        return ""
    if "say" in prompt:
        return f"<Say>{escape(prompt['say'])}</Say>"
    return f"<Play>{escape(prompt['play'])}</Play>"


def _digit_expression(digit: str) -> str:
    return quoteattr(f"^{re.escape(digit)}$")


def compile_menu(
    menu: IvrMenu,
    *,
    step: Step = destination_step,
    labels: Mapping[str, str] | None = None,
) -> str:
    """The ConneXML document of ``menu`` (its options in key order).

    ``labels`` maps an option's key (and ``"fallback"``) to a name shown in a comment,
    e.g. ``{"1": "ring group Sales"}``, so the document reads without the ids.
    """
    labels = labels or {}
    options: Mapping[str, Any] = menu.options or {}
    tries = max(1, int(menu.tries))
    prompt = prompt_xml(menu.prompt)
    invalid = prompt_xml(menu.invalid_prompt) or f"<Say>{escape(INVALID_TEXT)}</Say>"
    gather = f'<Gather numDigits="1" timeout="{int(menu.timeout)}" finishOnKey="">{prompt}</Gather>'
    lines = ["<Response>", f"  <!-- IVR menu {_comment(menu.name)}: {tries} tries -->"]
    for attempt in range(1, tries + 1):
        if attempt > 1:
            lines.append(f"  <!-- try {attempt} -->")
        lines.append(f"  {gather}")
        for digit in sorted(options):
            label = labels.get(digit)
            note = f"<!-- {_comment(label)} -->" if label else ""
            lines.append(
                f'  <Condition field="gather_result" expression={_digit_expression(digit)}>'
                f"{note}{step(options[digit])}</Condition>"
            )
        # Any key left here matched no option.
        lines.append(f'  <Condition field="gather_result" expression="^.$">{invalid}</Condition>')
    if menu.fallback:
        label = labels.get("fallback")
        lines.append(f"  <!-- no valid choice: {_comment(label) if label else 'fallback'} -->")
        lines.append(f"  {step(menu.fallback)}")
    else:
        lines.append("  <!-- no valid choice: hang up -->")
        lines.append("  <Hangup/>")
    lines.append("</Response>")
    return "\n".join(lines)


def _comment(text: str) -> str:
    # "--" may not appear inside an XML comment.
    return text.replace("--", "- -")
