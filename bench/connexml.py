"""ConneXML benchmarks.

    .venv/bin/python bench/connexml.py [--runs 2000] [--calls 5000]

Parse time (issue 7): a 200-verb document (every kind of verb and noun, templates,
Conditions, nested Gather prompts) read by the hardened parser with every check on, from its
text to the typed tree; p50 and p99 over ``--runs`` parses.

Simulated-call throughput (goal >= 2,000 calls/s on one core): ``--calls`` calls, one after
another on one event loop, each through a 5-step IVR (five Gathers with a spoken prompt, a
Condition per step on ``gather_result``, Set, then a Dial), on its own virtual clock, with
the transcript on — as users hit it: ``telephony.simulate.simulate`` parses and validates
the document, builds the clock, the scripted leg and the call's context, runs it and
returns the transcript, every call. A second figure runs a pre-parsed document (the
interpreter and leg alone). Figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telephony.calls.clock import VirtualClock
from telephony.calls.simulated import CallerScript, SimulatedCallLeg
from telephony.connexml.interpreter import CallContext, run_document
from telephony.connexml.parser import parse
from telephony.simulate import SimulationRequest, simulate

#: 10 verbs a block; 20 blocks make 200 (nested prompts and nouns not counted).
_BLOCK = """
  <Say voice="woman" language="en-GB">Welcome {{From}}, step {n} of the tour</Say>
  <Play loop="1">https://media.example.com/step{n}.wav</Play>
  <Pause length="1"/>
  <Set name="step{n}" value="{{ substring From 1 }}"/>
  <Gather numDigits="1" timeout="3" finishOnKey="#">
    <Say>Press a key</Say><Play>ivr/beep.wav</Play>
  </Gather>
  <Condition field="gather_result" expression="^[1-3]$"><Say>Good choice</Say></Condition>
  <Condition wday="mon-fri" time-of-day="09:00-17:00" timezone="Europe/London">
    <Say>Open</Say>
  </Condition>
  <Dial timeout="20" callerId="+15550100">
    <Number>+15550001{nnn}</Number><Client>agent{n}</Client>
  </Dial>
  <Record maxLength="30" finishOnKey="#" playBeep="true"/>
  <Say loop="2">Thank you, {{step{n}}}</Say>
"""


def big_document() -> str:
    blocks = "".join(_BLOCK.replace("{nnn}", f"{n:03d}").replace("{n}", str(n)) for n in range(20))
    return f"<?xml version='1.0' encoding='UTF-8'?>\n<Response>{blocks}</Response>"


IVR = "".join(
    f'<Gather numDigits="1" timeout="5"><Say>Step {n}: press one for yes, two for no</Say></Gather>'
    f'<Condition field="gather_result" expression="^1$">'
    f"<Say>You said yes at step {n}</Say></Condition>"
    f'<Set name="answer{n}" value="{{{{gather_result}}}}"/>'
    for n in range(1, 6)
)
IVR_DOCUMENT = f"<Response>{IVR}<Dial timeout='10'><Number>+15550009999</Number></Dial></Response>"
DIGITS = "1,2,1,,1"


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


def parse_time(runs: int) -> tuple[int, float, float]:
    text = big_document()
    document = parse(text)
    verbs = len(document.verbs)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        parse(text)
        samples.append(time.perf_counter() - start)
    p50, p99 = percentiles(samples)
    return verbs, p50, p99


async def simulated_calls(calls: int, *, fresh: bool) -> tuple[float, int]:
    """Calls through the IVR as users run them (``simulate``): the same document each call
    (parsed once, then remembered by its text), or with ``fresh`` a document no call has
    seen (a comment differs), so every call parses and validates it."""

    def request(n: int) -> SimulationRequest:
        text = IVR_DOCUMENT.replace("</Response>", f"<!-- call {n} --></Response>")
        return SimulationRequest(
            document=text if fresh else IVR_DOCUMENT, digits=DIGITS, at="2026-01-05T10:00:00Z"
        )

    events = 0
    for n in range(50):  # warm-up
        await simulate(request(-n - 1))
    start = time.perf_counter()
    for n in range(calls):
        result = await simulate(request(n))
        assert result.transcript is not None
        events += len(result.transcript)
    return calls / (time.perf_counter() - start), events // calls


async def interpreter_only(calls: int) -> float:
    document = parse(IVR_DOCUMENT)
    caller = CallerScript.parse(DIGITS)
    start_at = VirtualClock.from_iso("2026-01-05T10:00:00+00:00").start
    start = time.perf_counter()
    for _ in range(calls):
        clock = VirtualClock(start_at)
        leg = SimulatedCallLeg(clock, caller=caller)
        call = CallContext(variables={"From": "+15550100"}, transcript=leg.transcript)
        await clock.run(run_document(document, leg, call=call))
    return calls / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2000, help="parses of the 200-verb document")
    parser.add_argument("--calls", type=int, default=5000, help="simulated calls")
    args = parser.parse_args()

    verbs, p50, p99 = parse_time(args.runs)
    print(
        f"parse, {verbs}-verb document ({args.runs} runs): "
        f"p50 {p50 * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms"
    )
    rate, events = asyncio.run(simulated_calls(args.calls, fresh=False))
    print(
        f"simulated calls, 5-step IVR, the same document each call (parsed once, remembered) "
        f"+ run + transcript ({events} events a call, one core): {rate:,.0f} calls/s "
        f"(goal >= 2,000)"
    )
    rate, _ = asyncio.run(simulated_calls(args.calls, fresh=True))
    print(
        f"simulated calls, 5-step IVR, a new document each call (parse + validate + run + "
        f"transcript): {rate:,.0f} calls/s"
    )
    bare = asyncio.run(interpreter_only(args.calls))
    print(f"simulated calls, same IVR pre-parsed (interpreter + leg only): {bare:,.0f} calls/s")


if __name__ == "__main__":
    main()
