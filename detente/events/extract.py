"""Find event triggers (verbs and event nouns) in a parsed sentence and read their participants.

A trigger comes from the lexicon; its participants come from the dependency parse: subjects
(with coordination, control, relative clauses and passives), objects and prepositional objects.
Triggers embedded in another trigger's arguments ("threatened to impose sanctions") give way to
the outer one, and support verbs ("held talks") give way to the event noun they carry.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from detente.actors import ActorResolver, Argument
from detente.events.lexicon import Grammar, Lexicon, Trigger, measured_part
from detente.nlp.syntax import clause_subjects, stray_subject, with_conjuncts

# Arguments of a trigger through which an embedded trigger is part of the outer event.
EMBED_DEPS = {"dobj", "xcomp", "ccomp", "pobj", "prep", "pcomp", "attr", "oprd", "acomp",
              "compound", "amod", "nmod", "appos", "acl", "relcl", "nsubjpass", "dative", "conj"}
EMBED_DEPTH = 3
NOUN_ACTOR_DEPS = {"poss", "compound", "amod", "nmod"}
# where in a clause another party can be named, and what ends the clause (see _clause_party)
PARTY_DEPS = {"pobj", "dobj", "conj", "poss", "appos", "nmod", "dative"}
PRONOUNS = {"he", "him", "his", "she", "her", "it", "its", "they", "them", "their"}
CLAUSE_BOUNDARY_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "agent", "advcl", "relcl", "ccomp",
                        "parataxis", "acl", "mark"}
# Links that keep a trigger in the main line of the sentence; anything else ("after ...",
# "the helicopter that was captured", "in a letter handed over ...") is background, whose events
# count only when nothing main is coded.
MAIN_DEPS = {"ROOT", "conj", "xcomp", "ccomp", "parataxis"}


@dataclass
class Candidate:
    """A trigger with its participants, before coding and attributes."""

    token: Token
    trigger: Trigger
    sentence: int
    actors: list[Argument] = field(default_factory=list)
    recipients: list[Argument] = field(default_factory=list)


def find_candidates(sent: SpacySpan, index: int, lexicon: Lexicon, grammar: Grammar,
                    resolver: ActorResolver) -> list[Candidate]:
    matched = {tok.i: (tok, trig) for tok in sent if (trig := lexicon.match(tok)) is not None}
    kept, absorbed = _resolve_nesting(matched)
    candidates = []
    for tok, trig in kept:
        if trig.event is None:
            continue
        cand = Candidate(tok, trig, index)
        _participants(cand, absorbed.get(tok.i, ()), grammar, resolver)
        if tok.pos_ == "NOUN" and grammar.nouns_need_participant and not (cand.actors or cand.recipients):
            continue
        candidates.append(cand)
    return _main_events_first(candidates)


def _participants(cand: Candidate, absorbed, grammar: Grammar, resolver: ActorResolver) -> None:
    if cand.token.pos_ == "VERB":
        _verb_participants(cand, grammar, resolver)
    else:
        _noun_participants(cand, grammar, resolver)
    if not cand.recipients:
        # "refused to meet King Abdullah": the recipient of the embedded act
        for inner in absorbed:
            for obj, how in _objects(inner, grammar):
                _add_by_attachment(cand, _resolve_object(obj, resolver), how)
    reciprocal = cand.token.lemma_.lower() in grammar.reciprocal_lemmas
    if grammar.clause_party_fallback and not reciprocal and not any(r.entity.country for r in cand.recipients):
        cand.recipients.extend(_clause_party(cand, resolver))
    if reciprocal:
        _make_reciprocal(cand)
    cand.actors, cand.recipients = _dedupe(cand.actors), _dedupe(cand.recipients)
    cand.recipients = [r for r in cand.recipients if not _same_as_any(r, cand.actors)]


def _clause_party(cand: Candidate, resolver: ActorResolver) -> list[Argument]:
    """"threatened to break off relations with Congo", "rioted at a jail in northern Israel",
    "imposed sanctions on the Taliban": when the attachment rules found no recipient with a
    country, the first other country the trigger's own clause names is the other party. Subjects,
    passive agents and separate clauses (reasons, reports, relative clauses) are not searched."""
    top = cand.token if cand.token.pos_ == "VERB" else (_governing_verb(cand.token) or cand.token)
    actor_countries = {a.entity.country for a in cand.actors}
    for token in _clause_tokens(top):
        if token.dep_ not in PARTY_DEPS or token.pos_ not in ("NOUN", "PROPN"):
            continue
        for arg in _resolve_object(token, resolver):
            # a pronoun's antecedent is a guess; the fallback is one already
            if arg.entity.country and arg.entity.country not in actor_countries and not _pronoun(arg):
                # "blows to the United States and Israel": the party with those joined to it
                return [arg] + [a for c in with_conjuncts([token])[1:] for a in _resolve_object(c, resolver)
                                if a.entity.country and not _pronoun(a)]
    return []


def _pronoun(arg: Argument) -> bool:
    return arg.span.text.lower() in PRONOUNS


def _clause_tokens(top: Token) -> list[Token]:
    """The clause of `top` in reading order, without its subjects and embedded clauses."""
    found, frontier = [], [top]
    while frontier:
        word = frontier.pop()
        found.append(word)
        frontier.extend(c for c in word.children if c.dep_ not in CLAUSE_BOUNDARY_DEPS)
    return sorted(found, key=lambda t: t.i)


def _main_events_first(candidates: list[Candidate]) -> list[Candidate]:
    main = [c for c in candidates if _is_main(c.token)]
    return main if main else candidates


def _is_main(tok: Token) -> bool:
    word = _carrying_verb(tok) or tok
    while word.head.i != word.i:
        if word.dep_ == "relcl" and _relative_subject(word):
            return True         # "SoftBank's CEO, who pledged ...": an act of the actor named
        if word.dep_ not in MAIN_DEPS:
            return False
        word = word.head
    return True


def _carrying_verb(noun: Token) -> Token | None:
    """"held talks", "imposed a curfew": an event noun that a verb takes as its object stands
    where that verb stands in the sentence."""
    if noun.pos_ != "NOUN":
        return None
    while noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
        noun = noun.head
    if noun.dep_ in ("dobj", "attr", "oprd") and noun.head.pos_ in ("VERB", "AUX"):
        return noun.head
    return None


def _relative_subject(verb: Token) -> bool:
    return any(c.dep_ == "nsubj" and c.lower_ in ("who", "which", "that") for c in verb.children)


# ---- which triggers stand ----------------------------------------------------------------------
def _resolve_nesting(matched: dict[int, tuple[Token, Trigger]]
                     ) -> tuple[list[tuple[Token, Trigger]], dict[int, list[Token]]]:
    """The triggers that stand, and for each the embedded triggers it absorbed."""
    dropped: set[int] = set()
    absorbed: dict[int, list[Token]] = {}
    for i, (tok, trig) in matched.items():
        if tok.pos_ == "NOUN" and _inside_verb_event(tok, matched):
            dropped.add(i)      # "granted asylum to rebels wanted on treason charges": one event
            continue
        inner = _embedded_triggers(tok, matched)
        if not inner:
            continue
        if trig.light or trig.event is None:
            dropped.add(i)                      # "held talks": the noun carries the event
        else:
            swallowed = [j for j in inner if not _is_conj_of_other_type(matched, i, j)]
            dropped.update(swallowed)
            absorbed[i] = [matched[j][0] for j in swallowed]
    return [matched[i] for i in sorted(matched) if i not in dropped], absorbed


def _inside_verb_event(noun: Token, matched) -> bool:
    """An event noun anywhere below a verb trigger is part of that event, unless a light verb
    ("held talks") or a clause of its own ("X said talks would ...") separates them."""
    word = noun
    while word.head.i != word.i:
        if word.dep_ in ("ccomp", "advcl", "parataxis"):
            return False
        word = word.head
        entry = matched.get(word.i)
        if entry is not None and word.pos_ == "VERB":
            return not (entry[1].light or entry[1].event is None)
    return False


def _is_conj_of_other_type(matched, outer: int, inner: int) -> bool:
    """"X condemned and sanctioned Y": coordinated triggers of different types both stand."""
    tok, trig = matched[inner]
    return tok.dep_ == "conj" and tok.head.i == outer and trig.event != matched[outer][1].event


def _embedded_triggers(tok: Token, matched) -> list[int]:
    found, frontier = [], [(c, 1) for c in tok.children]
    while frontier:
        child, depth = frontier.pop()
        if child.dep_ not in EMBED_DEPS or _own_clause(child):
            continue
        if child.i in matched:
            found.append(child.i)
            continue
        if depth < EMBED_DEPTH:
            frontier.extend((c, depth + 1) for c in child.children)
    return found


def _own_clause(word: Token) -> bool:
    """"X praised the deal and Y welcomed it": a conjoined clause with its own subject."""
    return word.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in word.children)


# ---- participants ----------------------------------------------------------------------------
def _objects(tok: Token, grammar: Grammar, event: str | None = None) -> list[tuple[Token, str]]:
    """(head token, how attached) of the objects and prepositional objects of a trigger."""
    out = []
    preps = grammar.recipient_preps | grammar.extra_recipient_preps.get(event, frozenset())
    for child in tok.children:
        if child.dep_ in ("dobj", "dative", "nsubjpass", "iobj"):
            out.extend((t, child.dep_) for t in with_conjuncts([child]))
        elif child.dep_ in ("prep", "agent") and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out.extend((t, child.lower_) for t in with_conjuncts([pobj]))
    return out


def _verb_participants(cand: Candidate, grammar: Grammar, resolver: ActorResolver) -> None:
    verb = cand.token
    for subj in clause_subjects(verb) or stray_subject(verb):
        cand.actors.extend(_resolve_subject(subj, resolver))
    objects = _objects(verb, grammar, cand.trigger.event)
    if not objects:
        # "wanted Japan to contribute": the object is the subject of the complement clause
        for comp in verb.children:
            if comp.dep_ in ("ccomp", "xcomp"):
                objects.extend((s, "dobj") for s in comp.children if s.dep_ == "nsubj")
    for obj, how in objects:
        args = _resolve_object(obj, resolver)
        if not args and how == "dobj":         # "sought assurances from Tokyo"
            args = [a for o, _ in _objects(obj, grammar) for a in resolver.resolve(o)]
        _add_by_attachment(cand, args, how)


def _resolve_object(thing: Token, resolver: ActorResolver) -> list[Argument]:
    """The actor an object names or, for a thing, the actor it belongs to ("supported Turkey's
    efforts", "agreed to US mediation"); through a partitive ("dozens of protesters")."""
    return resolver.resolve(thing) or [
        a for c in thing.children if c.dep_ in ("poss", "compound", "amod", "nmod") for a in resolver.resolve(c)] or [
        a for inner in measured_part(thing) for a in resolver.resolve(inner)]


def _resolve_subject(subject: Token, resolver: ActorResolver) -> list[Argument]:
    """The actor a subject names, through a partitive ("Thousands of people marched")."""
    return resolver.resolve(subject) or [a for inner in measured_part(subject) for a in resolver.resolve(inner)]


def _noun_participants(cand: Candidate, grammar: Grammar, resolver: ActorResolver) -> None:
    noun = cand.token
    for child in noun.children:
        if child.dep_ in NOUN_ACTOR_DEPS:
            cand.actors.extend(resolver.resolve(child))
    for obj, how in _objects(noun, grammar):
        _add_by_attachment(cand, _resolve_object(obj, resolver), how)
    if not cand.recipients:
        # "its demand that Israel ease restrictions": who is to act receives the demand
        for clause in noun.children:
            if clause.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in clause.children):
                for subj in clause_subjects(clause):
                    cand.recipients.extend(resolver.resolve(subj))
    governor = _governing_verb(noun)
    if governor is not None and not _in_adjunct(noun, grammar):
        if not cand.actors:
            for subj in clause_subjects(governor):
                cand.actors.extend(_resolve_subject(subj, resolver))
        if not cand.recipients:
            for obj, how in _objects(governor, grammar):
                if obj.i != noun.i:
                    _add_by_attachment(cand, resolver.resolve(obj), how)


def _in_adjunct(noun: Token, grammar: Grammar) -> bool:
    """"imposed a curfew after a demonstration": the demonstration is not the curfew-imposers'."""
    return noun.dep_ == "pobj" and noun.head.lower_ in grammar.adjunct_preps


def _governing_verb(noun: Token) -> Token | None:
    """"held talks", "launched strikes on", "delve into discussions", "provide 25,000 tons of
    aid": the verb the noun completes."""
    climbed = False
    while noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
        noun = noun.head                        # "provide a loan guarantee" -> "guarantee"
    while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        noun, climbed = noun.head.head, True    # "tons of aid" -> "tons"
    head = noun.head
    if noun.dep_ in ("dobj", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        return head
    if climbed:
        return None
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        return head.head
    if (noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_ == "part"
            and head.head.dep_ == "dobj" and head.head.head.pos_ == "VERB"):
        return head.head.head                   # "took part in peaceful marches"
    return None


def _add_by_attachment(cand: Candidate, args: list[Argument], how: str) -> None:
    """"by X" names the actor of a passive, "between X and Y" the parties; the rest receive."""
    (cand.actors if how in ("agent", "between") else cand.recipients).extend(args)


def _make_reciprocal(cand: Candidate) -> None:
    """PLOVER codes meetings and agreements between parties as all-actor events."""
    cand.actors.extend(cand.recipients)
    cand.recipients = []


def _key(arg: Argument) -> tuple:
    e = arg.entity
    return (e.name or e.text, e.country, e.sector)


def _dedupe(args: list[Argument]) -> list[Argument]:
    seen, out = set(), []
    for arg in args:
        if _key(arg) not in seen:
            seen.add(_key(arg))
            out.append(arg)
    return out


def _same_as_any(arg: Argument, others: list[Argument]) -> bool:
    return any(_key(arg) == _key(o) for o in others)
