"""``<LLM-Agent>`` / ``<LLMAgent>`` (nouns of Dial): an AI agent given by an assistant id
(``asst_...``) or an inline prompt in the text."""

from __future__ import annotations

from telephony.connexml.nodes import Node, TextRule, attribute
from telephony.connexml.verbs import register


@register
class LLMAgent(Node):
    TAG = "LLMAgent"
    TEXT = TextRule.REQUIRED

    #: The app whose cxLLM functions are the agent's tools.
    app_id: str | None = attribute("appId")
    voice: str = attribute("voice", default="")

    @property
    def assistant_id(self) -> str | None:
        return self.text if self.text.startswith("asst_") and " " not in self.text else None


@register
class LLMAgentHyphenated(LLMAgent):
    TAG = "LLM-Agent"
