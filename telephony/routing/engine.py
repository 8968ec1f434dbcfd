"""``route()``: which carriers an outbound call tries, in which order, at what price.

The decision is a pipeline of small steps (:data:`STEPS`), each recording what it did in the
decision's :class:`~telephony.routing.trace.Trace`; the first step that refuses the call ends
it with a SIP code (spec §2.1, §2.16):

1. ``account``: the customer is active (else ``500 Server not accepting calls (Paused)``)
   and inside its day/time windows (else ``403 Outside Permitted Hours``).
2. ``rule``: the dialled number, as E.164 digits (spaces, dashes, dots, brackets and a
   leading ``+`` dropped; ``*`` and ``#`` kept for tech prefixes), selects an enabled rule:
   its tech prefix is at the front (and is stripped) and the rest matches its dial string
   (prefixes, or ``^regex``; empty matches every number). **Tie-break** (open decision 2):
   the longest tech prefix, then the most specific dial-string match (the longest matching
   prefix; a regular expression counts as one digit; an empty dial string as none), then the
   lower ``priority``, then the older rule. None → ``580 No Route Available``.
3. ``capacity``: the customer's and the rule's channels in use and calls this second (CPS):
   over a limit → ``503 Server at max channels`` / ``503 Server at max cps``. A call counts
   toward CPS when it is routed here; channels are taken by the SIP work when the call
   starts (``state().counters.acquire``), this step only checks them.
4. ``number``: the rule's manipulations, in order (``re.sub``; ``$1`` or ``\\1`` in the
   replacement). A result that is not digits → ``484 Address Incomplete``.
5. ``rate``: the longest prefix of the number in the rule's customer card: none →
   ``503 No Routes Available (Pre)``; a **blocked** row → ``403 Destination Blocked`` (the
   operator refused that destination; a 403 also tells the customer's switch not to hunt
   for it through us again). The numbering plan (:mod:`telephony.rating.plan`) gives the
   number's destination type; a type the customer card blocks → ``403 Destination
   Blocked`` too.
6. ``carriers``: the row's ``candidates`` (a built card) or, for a card uploaded by hand,
   its parent provider cards looked up in their own indexes; then, in order, drop: cards
   that are not provider cards, excluded cards, cards outside a non-empty lock list (if that
   leaves nothing: ``503 No Routes Available (Lock)``), inactive carriers, blocked rows,
   cards that block the number's destination type,
   rates with no exchange rate into the customer's currency, rates above the provider
   card's or the rule's capped rate, and (profit assurance) buy > sell in the customer's
   currency (if that leaves nothing: ``503 No Routes Available (Profit Assurance)``). Any
   other empty list → ``503 No Routes Available (U)``.
7. ``strategy``: the rule's per-prefix override (the most specific match of the number) or
   its strategy orders the carriers (:mod:`telephony.routing.strategies`); ``drop`` →
   ``503 Dropping Call (Strategy)``.
8. ``hook``: the rule's ScriptForge script, last; it gets ``data.routing`` and may reorder or
   remove carriers (``egress_routing``), change ``dest_number``, or reject.

Step 5's price and step 6's carriers depend only on the rule, the card row, the destination
type, the catalog and the exchange rates in force, so they are remembered per those: a
decision is then one lookup plus checks.
"""

from __future__ import annotations

import random
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from runtime.models.constants import CustomerStatus
from telephony.rating import plan as numbering_plan
from telephony.rating.index import Entry, PrefixIndex, registry
from telephony.rating.models import PLACES, Strategy
from telephony.routing.cache import CardInfo, Catalog, CustomerInfo, Rule, cache
from telephony.routing.state import RoutingState, state
from telephony.routing.strategies import Ordered, StrategyContext, by_name
from telephony.routing.trace import (
    Candidate,
    Decision,
    Dropped,
    Rejected,
    Routed,
    SellRow,
    Trace,
    money,
)

__all__ = ["forget", "normalise", "route"]

NO_ROUTE = (580, "No Route Available")
PRE = (503, "No Routes Available (Pre)")
LOCK = (503, "No Routes Available (Lock)")
PROFIT = (503, "No Routes Available (Profit Assurance)")
EMPTY = (503, "No Routes Available (U)")
BLOCKED = (403, "Destination Blocked")
PAUSED = (500, "Server not accepting calls (Paused)")
HOURS = (403, "Outside Permitted Hours")
MAX_CHANNELS = (503, "Server at max channels")
MAX_CPS = (503, "Server at max cps")
INCOMPLETE = (484, "Address Incomplete")
MISCONFIGURED = (503, "Internal Strategic Routing Error")
NO_FX = (503, "LCR Unavailable")

_PUNCTUATION = str.maketrans("", "", " -.()\t")
_QUANTUM = Decimal(1).scaleb(-PLACES)
MEMO_SIZE = 100_000


def normalise(dialled: str) -> str:
    """E.164 digits (and ``*``/``#`` of tech prefixes): punctuation and a leading ``+`` go.

    >>> normalise("+44 (20) 7946-0000"), normalise("123*+4420")
    ('442079460000', '123*+4420')
    """
    text = dialled.strip().translate(_PUNCTUATION)
    return text[1:] if text.startswith("+") else text


@dataclass(slots=True)
class Offer:
    """A provider card's price for the number, before any check."""

    card: int
    revision: int
    prefix: str
    rate: Decimal
    fee: Decimal
    mcd: int
    pulse: int
    blocked: bool = False


@dataclass(slots=True)
class Call:
    """One decision in the making."""

    customer: CustomerInfo
    rules: tuple[Rule, ...]
    catalog: Catalog
    cli: str
    dialled: str
    now: datetime
    state: RoutingState
    trace: Trace
    hooks: bool
    app: Any
    dry_run: bool
    rng: random.Random
    rule: Rule | None = None
    number: str = ""
    entry: Entry | None = None
    sell: SellRow | None = None
    #: The number's destination type in the numbering plan ("" when it has none).
    dtype: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    strategy: Strategy = Strategy.LCR

    def reject(self, code_reason: tuple[int, str], why: str) -> Rejected:
        code, reason = code_reason
        self.trace.add("rejected", f"{code} {reason}: {why}", {"code": code, "reason": reason})
        return Rejected(code, reason, self.trace, self.rule, self.sell, self.number, self.dropped)


#: A step returns None to go on, a :class:`Rejected` to end the call, or, only when it has
#: to wait (counters in Redis, an index to load, a strategy's state, the hook), an
#: awaitable of either: most decisions never wait.
Step = Callable[[Call], Any]


# -- 1. the account ---------------------------------------------------------------------------


def check_account(call: Call) -> Rejected | None:
    customer = call.customer
    if customer.status != CustomerStatus.ACTIVE:
        return call.reject(PAUSED, f"customer {customer.name} is {customer.status}")
    if customer.restriction_error:
        return call.reject(HOURS, f"day/time restriction unreadable: {customer.restriction_error}")
    if customer.restriction is not None and not customer.restriction.allows(call.now):
        local = call.now.astimezone(customer.restriction.zone)
        return call.reject(HOURS, f"{local:%a %H:%M} {local.tzname()} is outside every window")
    call.trace.add("account", f"customer {customer.name} ({customer.currency}) may call")
    return None


# -- 2. the rule ------------------------------------------------------------------------------


def select_rule(rules: tuple[Rule, ...], cleaned: str) -> tuple[Rule, str, int, list[Rule]]:
    """The winning rule, the number after its tech prefix, its dial-string specificity, and
    the other rules that matched; raises LookupError when none matches. ``rules`` are in
    priority, then age, order."""
    best: tuple[Rule, str, int] | None = None
    others: list[Rule] = []
    for rule in rules:
        tech = rule.tech_prefix
        if tech:
            if not cleaned.startswith(tech):
                continue
            rest = cleaned[len(tech) :].lstrip("+")
        else:
            rest = cleaned
        if not rest.isdigit():
            continue
        specificity = rule.specificity(rest)
        if specificity < 0:
            continue
        if best is None:
            best = (rule, rest, specificity)
        elif (len(tech), specificity) > (len(best[0].tech_prefix), best[2]):
            others.append(best[0])
            best = (rule, rest, specificity)
        else:
            others.append(rule)
    if best is None:
        raise LookupError(cleaned)
    return (*best, others)


def match_rule(call: Call) -> Rejected | None:
    cleaned = normalise(call.dialled)
    try:
        rule, rest, specificity, others = select_rule(call.rules, cleaned)
    except LookupError:
        return call.reject(NO_ROUTE, f"no enabled rule of {call.customer.name} matches {cleaned}")
    call.rule, call.number = rule, rest
    stripped = f", tech prefix {rule.tech_prefix!r} stripped" if rule.tech_prefix else ""
    lost = (
        f"; also matched, lost the tie-break: {', '.join(repr(o.name) for o in others)}"
        if others
        else ""
    )
    call.trace.add(
        "rule",
        f"rule {rule.name!r} (#{rule.id}) matched {cleaned}{stripped}, dial-string "
        f"specificity {specificity}{lost}",
        {"route": rule.id, "tech_prefix": rule.tech_prefix, "number": rest},
    )
    return None


# -- 3. capacity ------------------------------------------------------------------------------


def check_capacity(call: Call) -> Awaitable[Rejected | None] | None:
    assert call.rule is not None
    customer, rule = call.customer, call.rule
    if customer.channels or customer.cps or rule.channels or rule.cps:
        return _count(call)
    return None


async def _count(call: Call) -> Rejected | None:
    assert call.rule is not None
    counters = call.state.counters
    second = int(call.now.timestamp())
    limits = (
        (f"customer:{call.customer.id}", call.customer.channels, call.customer.cps, "customer"),
        (f"route:{call.rule.id}", call.rule.channels, call.rule.cps, "rule"),
    )
    for key, channels, cps, whose in limits:
        if channels and await counters.channels(key) >= channels:
            return call.reject(MAX_CHANNELS, f"the {whose}'s {channels} channel(s) are in use")
        if cps:
            count = (
                await counters.cps(key, second) + 1
                if call.dry_run
                else await counters.hit(key, second)
            )
            if count > cps:
                return call.reject(MAX_CPS, f"call {count} this second; the {whose} allows {cps}")
    return None


# -- 4. the number ----------------------------------------------------------------------------


def manipulate(call: Call) -> Rejected | None:
    assert call.rule is not None
    for pattern, replace in call.rule.manipulation:
        try:
            changed = pattern.sub(replace, call.number)
        except (re.error, IndexError) as exc:
            return call.reject(MISCONFIGURED, f"manipulation {pattern.pattern!r}: {exc}")
        if changed != call.number:
            call.trace.add(
                "number",
                f"{call.number} -> {changed} ({pattern.pattern!r})",
                {"before": call.number, "after": changed},
            )
            call.number = changed
    if not call.number.isdigit():
        return call.reject(INCOMPLETE, f"{call.number!r} is not a number")
    return None


# -- 5. the customer rate ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rated:
    """The rate step's outcome for one row of a card, as the customer sees it (memoised:
    it depends only on the card, the row and the exchange rate in force)."""

    entry: Entry
    sell: SellRow | None
    #: The trace line, or the rejection.
    message: str
    rejection: tuple[int, str] | None


_rated: dict[tuple[Any, ...], Rated] = {}


def _rate_row(call: Call, card: CardInfo, revision: int, entry: Entry) -> Rated:
    sell, fee = entry.rate, entry.connection_fee
    if card.currency != call.customer.currency:
        factor = call.catalog.rates.factor(card.currency, call.customer.currency, call.now)
        if factor is None:
            why = f"no exchange rate {card.currency} -> {call.customer.currency}"
            return Rated(entry, None, why, NO_FX)
        sell, fee = (sell * factor).quantize(_QUANTUM), (fee * factor).quantize(_QUANTUM)
    row = SellRow(
        card.id,
        card.name,
        revision,
        entry.prefix,
        entry.name,
        sell,
        fee,
        entry.mcd,
        entry.pulse,
        call.customer.currency,
    )
    if entry.blocked:
        return Rated(entry, row, f"{card.name} blocks {entry.prefix} ({entry.name})", BLOCKED)
    message = (
        f"{card.name} {entry.prefix} {entry.name!r}: sells at {money(sell)}/min + "
        f"{money(fee)}, {entry.mcd}/{entry.pulse}"
    )
    return Rated(entry, row, message, None)


def rate(call: Call) -> Awaitable[Rejected | None] | Rejected | None:
    assert call.rule is not None
    index = registry().loaded(call.rule.card_id)
    numbering = numbering_plan.loaded()
    if index is False or numbering is None:
        return _load_and_rate(call)
    return _rate(call, index, numbering)


async def _load_and_rate(call: Call) -> Rejected | None:
    assert call.rule is not None
    index = await registry().index(call.rule.card_id)
    return _rate(call, index, await numbering_plan.plan())


def _rate(call: Call, index: Any, numbering: numbering_plan.Plan) -> Rejected | None:
    assert call.rule is not None
    card_id = call.rule.card_id
    card = call.catalog.cards.get(card_id)
    card_name = card.name if card is not None else f"#{card_id}"
    if not isinstance(index, PrefixIndex) or card is None:
        return call.reject(PRE, f"customer card {card_name} has no active revision")
    prefix = index.longest_prefix(call.number)
    if not prefix:
        return call.reject(PRE, f"customer card {card_name} has no prefix of {call.number}")
    catalog, currency = call.catalog, call.customer.currency
    memo = (catalog.serial, index.revision_id, prefix, currency, catalog.rates.version(call.now))
    rated = _rated.get(memo)
    if rated is None:
        rated = _rate_row(call, card, index.revision_id, index.entry(prefix))
        if len(_rated) >= MEMO_SIZE:
            _rated.clear()
        _rated[memo] = rated
    call.entry, call.sell = rated.entry, rated.sell
    if rated.rejection is not None:
        return call.reject(rated.rejection, rated.message)
    call.trace.add("rate", rated.message, {"rate": rated.sell})
    typed = numbering.type_of(call.number)
    if typed is not None:
        prefix, call.dtype, name = typed
        where = f"destination type {call.dtype} (plan prefix {prefix} {name!r})"
        if call.dtype in card.blocked_types:
            return call.reject(BLOCKED, f"{card.name} blocks {where}")
        call.trace.add("type", where, {"type": call.dtype, "prefix": prefix})
    return None


# -- 6. the carriers --------------------------------------------------------------------------


@dataclass(slots=True)
class Item:
    offer: Offer
    card: Any = None
    carrier: Any = None
    buy: Decimal | None = None
    fee: Decimal = Decimal(0)


@dataclass(slots=True)
class Checks:
    rule: Rule
    catalog: Catalog
    sell: Decimal
    currency: str
    now: datetime
    dtype: str = ""


def _provider_card(item: Item, env: Checks) -> str | None:
    card = env.catalog.cards.get(item.offer.card)
    if card is None or card.carrier_id is None:
        return "not a provider card (deleted?)"
    item.card = card
    item.carrier = env.catalog.carriers.get(card.carrier_id)
    return None


def _not_excluded(item: Item, env: Checks) -> str | None:
    return "excluded by the rule" if item.offer.card in env.rule.exclude else None


def _locked_in(item: Item, env: Checks) -> str | None:
    lock = env.rule.lock
    return "not in the rule's lock list" if lock and item.offer.card not in lock else None


def _carrier_active(item: Item, env: Checks) -> str | None:
    carrier = item.carrier
    if carrier is None:
        return "its carrier is gone"
    return None if carrier.active else f"carrier {carrier.name} is {carrier.status}"


def _row_open(item: Item, env: Checks) -> str | None:
    return f"row {item.offer.prefix} is blocked" if item.offer.blocked else None


def _type_open(item: Item, env: Checks) -> str | None:
    if env.dtype and env.dtype in item.card.blocked_types:
        return f"the card blocks destination type {env.dtype}"
    return None


def _priced(item: Item, env: Checks) -> str | None:
    currency = item.card.currency
    if currency == env.currency:
        item.buy, item.fee = item.offer.rate, item.offer.fee
        return None
    factor = env.catalog.rates.factor(currency, env.currency, env.now)
    if factor is None:
        return f"no exchange rate {currency} -> {env.currency}"
    item.buy = (item.offer.rate * factor).quantize(_QUANTUM)
    item.fee = (item.offer.fee * factor).quantize(_QUANTUM)
    return None


def _under_card_cap(item: Item, env: Checks) -> str | None:
    cap = item.card.capped_rate
    if cap is not None and item.offer.rate > cap:
        return f"rate {money(item.offer.rate)} above the card's capped rate {money(cap)}"
    return None


def _under_rule_cap(item: Item, env: Checks) -> str | None:
    cap = env.rule.capped_rate
    if cap is not None and item.buy is not None and item.buy > cap:
        return f"buys at {money(item.buy)}, above the rule's capped rate {money(cap)}"
    return None


def _profitable(item: Item, env: Checks) -> str | None:
    if env.rule.profit_assurance and item.buy is not None and item.buy > env.sell:
        return (
            f"buys at {money(item.buy)}, above the sell rate {money(env.sell)} (profit assurance)"
        )
    return None


Check = Callable[[Item, Checks], "str | None"]
#: The checks in order, and the rejection when one of them leaves no carrier.
CHECKS: tuple[tuple[Check, tuple[int, str]], ...] = (
    (_provider_card, EMPTY),
    (_not_excluded, EMPTY),
    (_locked_in, LOCK),
    (_carrier_active, EMPTY),
    (_row_open, EMPTY),
    (_type_open, EMPTY),
    (_priced, EMPTY),
    (_under_card_cap, EMPTY),
    (_under_rule_cap, EMPTY),
    (_profitable, PROFIT),
)


@dataclass(frozen=True, slots=True)
class Filtered:
    kept: tuple[Candidate, ...]
    dropped: tuple[Dropped, ...]
    rejection: tuple[tuple[int, str], str] | None


_memo: dict[tuple[Any, ...], Filtered] = {}


def forget() -> None:
    """Drop the memoised rates and carrier lists (tests; the cache does it on its own when
    it reloads, because the keys change)."""
    _rated.clear()
    _memo.clear()


def _offers_of(entry: Entry) -> list[Offer]:
    return [
        Offer(
            int(c["card"]),
            int(c.get("revision") or 0),
            str(c.get("prefix", entry.prefix)),
            Decimal(str(c["rate"])),
            Decimal(str(c.get("fee") or 0)),
            int(c.get("mcd") or 1),
            int(c.get("pulse") or 1),
            bool(c.get("blocked", False)),
        )
        for c in entry.candidates
    ]


def filter_offers(offers: list[Offer], env: Checks, missing: list[Dropped]) -> Filtered:
    """Run :data:`CHECKS` over ``offers``; the kept ones as candidates, cheapest first."""
    links = env.catalog.parents.get(env.rule.card_id, {})
    items = [Item(o) for o in offers]
    dropped = list(missing)
    rejection = None
    if not items:
        rejection = (EMPTY, "the customer card's row has no carriers")
    for check, empty in CHECKS:
        if not items:
            break
        kept = []
        for item in items:
            why = check(item, env)
            if why is None:
                kept.append(item)
            else:
                name = item.card.name if item.card is not None else f"#{item.offer.card}"
                carrier = item.card.carrier_id if item.card is not None else None
                dropped.append(Dropped(item.offer.card, name, carrier, why))
        if not kept:
            rejection = (empty, f"every carrier was dropped ({check.__name__.strip('_')})")
        items = kept
    candidates = []
    for item in items:
        assert item.buy is not None
        link = links.get(item.offer.card)
        candidates.append(
            Candidate(
                carrier=item.carrier.id,
                carrier_name=item.carrier.name,
                card=item.offer.card,
                card_name=item.card.name,
                revision=item.offer.revision,
                prefix=item.offer.prefix,
                buy_rate=item.buy,
                sell_rate=env.sell,
                connection_fee=item.fee,
                mcd=item.offer.mcd,
                pulse=item.offer.pulse,
                margin=env.sell - item.buy,
                tech_prefix=item.card.tech_prefix,
                currency=item.card.currency,
                card_rate=item.offer.rate,
                weight=link.weight if link is not None else 1,
                position=link.position if link is not None else 1_000_000,
            )
        )
    candidates.sort(key=lambda c: (c.buy_rate, c.position, c.card))
    return Filtered(tuple(candidates), tuple(dropped), rejection)


def build_candidates(call: Call) -> Awaitable[Rejected | None] | Rejected | None:
    assert call.entry is not None
    if call.entry.candidates:  # a built card: one memo lookup
        source = f"{len(call.entry.candidates)} built candidate(s) of row {call.entry.prefix}"
        return _carriers(call, None, [], (), source)
    return _parent_offers(call)


async def _parent_offers(call: Call) -> Rejected | None:
    """A card uploaded by hand: its parents' own rows for the number."""
    assert call.rule is not None
    catalog = call.catalog
    offers: list[Offer] = []
    missing: list[Dropped] = []
    revisions = []
    for parent_id in catalog.parents.get(call.rule.card_id, {}):
        index = await registry().index(parent_id)
        found = index.longest(call.number) if index is not None else None
        revisions.append(index.revision_id if index is not None else 0)
        name = catalog.cards[parent_id].name if parent_id in catalog.cards else parent_id
        if found is None or index is None:
            why = "no active revision" if index is None else f"no prefix of {call.number}"
            missing.append(Dropped(parent_id, str(name), None, why))
            continue
        offers.append(
            Offer(
                parent_id,
                index.revision_id,
                found.prefix,
                found.rate,
                found.connection_fee,
                found.mcd,
                found.pulse,
                found.blocked,
            )
        )
    source = f"{len(offers)} parent card(s) with a row for {call.number}"
    return _carriers(call, offers, missing, (call.number, *revisions), source)


def _carriers(
    call: Call,
    offers: list[Offer] | None,
    missing: list[Dropped],
    extra_key: tuple[Any, ...],
    source: str,
) -> Rejected | None:
    """Check ``offers`` (the built candidates of the row when None), memoised."""
    assert call.rule is not None and call.entry is not None and call.sell is not None
    rule, catalog = call.rule, call.catalog
    key: tuple[Any, ...] = (
        rule.serial,
        call.sell.card,
        call.sell.revision,
        call.entry.prefix,
        catalog.serial,
        catalog.rates.version(call.now),
        call.dtype,
        *extra_key,
    )
    filtered = _memo.get(key)
    if filtered is None:
        if offers is None:
            offers = _offers_of(call.entry)
        env = Checks(rule, catalog, call.sell.rate, call.customer.currency, call.now, call.dtype)
        filtered = filter_offers(offers, env, missing)
        if len(_memo) >= MEMO_SIZE:
            _memo.clear()
        _memo[key] = filtered
    call.dropped = list(filtered.dropped)
    call.trace.add(
        "carriers",
        f"{source}: {len(filtered.kept)} kept, {len(filtered.dropped)} dropped",
        {"kept": filtered.kept, "dropped": filtered.dropped},
    )
    if filtered.rejection is not None:
        code_reason, why = filtered.rejection
        return call.reject(code_reason, why)
    call.candidates = list(filtered.kept)
    return None


# -- 7. the strategy --------------------------------------------------------------------------


def strategy_for(rule: Rule, number: str) -> tuple[Strategy, str]:
    """The rule's strategy for ``number``: its most specific override (the longest prefix; a
    regular expression counts as one digit), else its own; and where it came from."""
    best, best_len, where = rule.strategy, -1, "the rule's strategy"
    for prefix, regex, strategy in rule.strategies:
        if regex is not None:
            length = 1 if regex.search(number) else -1
        else:
            length = len(prefix) if number.startswith(prefix) else -1
        if length > best_len:
            best, best_len = strategy, length
            where = f"override {regex.pattern if regex is not None else prefix!r}"
    return best, where


def order(call: Call) -> Awaitable[Rejected | None] | Rejected | None:
    assert call.rule is not None and call.entry is not None
    call.strategy, where = strategy_for(call.rule, call.number)
    strategy = by_name(call.strategy)
    if strategy.rejects is not None:
        return call.reject(strategy.rejects, f"{where}: {call.strategy}")
    ctx = StrategyContext(call.rule.id, call.entry.prefix, call.state, call.rng, call.dry_run)
    ordered = strategy.order(call.candidates, ctx)
    if isinstance(ordered, Ordered):
        return _ordered(call, where, ordered)
    return _await_order(call, where, ordered)


async def _await_order(call: Call, where: str, pending: Awaitable[Ordered]) -> Rejected | None:
    return _ordered(call, where, await pending)


def _ordered(call: Call, where: str, ordered: Ordered) -> Rejected | None:
    call.candidates = ordered.candidates
    call.dropped.extend(ordered.dropped)
    call.trace.add(
        "strategy",
        f"{call.strategy} ({where}): {ordered.note}",
        {"strategy": str(call.strategy), "order": ordered.candidates},
    )
    if not call.candidates:
        return call.reject(EMPTY, f"the {call.strategy} strategy left no carrier")
    return None


# -- 8. the ScriptForge hook ------------------------------------------------------------------


def routing_data(call: Call) -> dict[str, Any]:
    """``data.routing`` as the hook sees it."""
    assert call.rule is not None and call.sell is not None
    return {
        "routing": {
            "dest_number": call.number,
            "cli": call.cli,
            "account_id": call.customer.id,
            "route_id": call.rule.id,
            "strategy": str(call.strategy),
            "rate": call.sell.as_json(),
            "egress_routing": [
                {"id": c.card, "card_id": c.card, "carrier_id": c.carrier, **c.as_json()}
                for c in call.candidates
            ],
        }
    }


def run_hook(call: Call) -> Awaitable[Rejected | None] | None:
    assert call.rule is not None
    return _hook(call) if call.rule.script and call.hooks else None


async def _hook(call: Call) -> Rejected | None:
    rule = call.rule
    assert rule is not None
    if call.app is None:
        call.trace.add("hook", f"script {rule.script!r} not run: no application to run it in")
        return None
    from scriptforge.hooks import parse_timeout_action, routing_hook
    from scriptforge.models import Script

    script = await Script.get_or_none(app_id=rule.script_app_id, name=rule.script)
    if script is None:
        code, reason = parse_timeout_action(rule.timeout_action)
        if 200 <= code < 300:
            call.trace.add("hook", f"script {rule.script!r} is missing; carrying on ({code})")
            return None
        return call.reject((code, reason), f"script {rule.script!r} is missing")
    decision = await routing_hook(
        call.app,
        script,
        routing_data(call),
        timeout_action=rule.timeout_action or None,
        caller=f"route:{rule.id}",
        trigger_ref=str(rule.id),
    )
    if decision.rejection is not None:
        return call.reject(decision.rejection, f"script {rule.script!r} (run {decision.run_id})")
    routing = (decision.data or {}).get("routing") or {}
    changed = routing.get("dest_number")
    if isinstance(changed, str) and changed and changed != call.number:
        call.trace.add("hook", f"script changed the number {call.number} -> {changed}")
        call.number = changed
    egress = routing.get("egress_routing")
    if isinstance(egress, list):
        by_card = {c.card: c for c in call.candidates}
        chosen: list[Candidate] = []
        for entry in egress:
            ref = entry.get("card_id", entry.get("id")) if isinstance(entry, dict) else None
            found = by_card.pop(ref, None) if isinstance(ref, int) else None
            if found is not None:
                chosen.append(found)
        for left in by_card.values():
            call.dropped.append(
                Dropped(left.card, left.card_name, left.carrier, "removed by the script")
            )
        call.candidates = chosen
    call.trace.add(
        "hook",
        f"script {rule.script!r} (run {decision.run_id}): "
        f"{', '.join(c.card_name for c in call.candidates) or 'no carriers'}",
        {"order": call.candidates},
    )
    if not call.candidates:
        return call.reject(EMPTY, f"script {rule.script!r} removed every carrier")
    return None


#: The decision, step by step.
STEPS: tuple[Step, ...] = (
    check_account,
    match_rule,
    check_capacity,
    manipulate,
    rate,
    build_candidates,
    order,
    run_hook,
)


async def route(
    customer: Any,
    cli: str,
    dialled: str,
    now: datetime | None = None,
    *,
    hooks: bool = True,
    app: Any = None,
    dry_run: bool = False,
    rng: random.Random | None = None,
) -> Decision:
    """Decide how ``customer`` (a :class:`~runtime.models.Customer` or its id) calling from
    ``cli`` reaches ``dialled`` at ``now`` (UTC; default: the current time). The customer's
    settings are read from the routing cache (refreshed when the customer is saved), not from
    the object passed; an unknown id is ``503 Unknown User``.

    ``hooks=False`` skips the rule's ScriptForge script (``app`` is the application it runs
    in; without one it is skipped too). ``dry_run`` explains without side effects: no CPS
    count, round robin does not move."""
    customer_id = customer if isinstance(customer, int) else customer.id
    when = now if now is not None else datetime.now(UTC)
    trace = Trace()
    found = await cache().customer(customer_id)
    if found is None:
        trace.add("account", f"no customer #{customer_id}")
        return Rejected(503, "Unknown User", trace)
    info, rules = found
    call = Call(
        info,
        rules,
        await cache().catalog(),
        cli,
        dialled,
        when,
        state(),
        trace,
        hooks,
        app,
        dry_run,
        rng or _rng,
    )
    for step in STEPS:
        outcome = step(call)
        if outcome is not None:
            if not isinstance(outcome, Rejected):
                outcome = await outcome
                if outcome is None:
                    continue
            return outcome
    assert call.rule is not None and call.sell is not None
    return Routed(
        call.candidates,
        call.rule,
        call.sell,
        call.number,
        call.rule.max_duration or None,
        str(call.strategy),
        trace,
        call.dropped,
    )


_rng = random.Random()  # load spreading, not secrets
