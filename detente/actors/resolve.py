"""Resolve the noun phrase a parse gives as an argument into `Entity` records, by date.

`ActorResolver(doc, day)` finds knowledge-base names in a parsed document once; the events stage
then asks `resolve(token)` for the entities the phrase headed by `token` refers to.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from detente.actors.fuzzy import fuzzy_index
from detente.actors.kb import ELITE, KBEntry, KnowledgeBase, load_kb
from detente.nlp import fold, load_pipeline
from detente.nlp.relevance import common_words
from detente.records import Entity, Span

# Dependents that belong to the noun phrase itself; clauses (relcl, acl) and most prepositional
# phrases are left out so that "officials who met Trump" does not become Trump.
CORE_DEPS = {"compound", "amod", "poss", "nmod", "det", "nummod", "case", "flat", "quantmod",
             "appos", "npadvmod", "predet"}
PERSON_PRONOUNS = {"he", "him", "she", "her", "his"}
GROUP_PRONOUNS = {"it", "its", "they", "them", "their"}
PRONOUN_REACH = 80          # tokens: an antecedent further back is more likely wrong than right
COLLECTIVE_HEADS = {"two", "both"}             # "the two leaders", "both countries"
PLACE_WORDS = {"country", "nation", "state", "side", "government", "capital", "ally", "neighbour",
               "neighbor", "power"}
UNKNOWN_NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
NAME_DEPS = {"compound", "appos", "flat"}
PLACE_KINDS = {"country", "government", "place"}
GENERIC_SECTORS = {"UAF", "CVL"}      # "gunmen", "people": the named group they belong to says more
FOREIGN_PRONE_SECTORS = {"MIL", "UAF", "REB"}   # "troops in Iraq" are seldom Iraq's own
FORMER_WORDS = {"former", "ex", "ousted", "deposed", "exiled", "late", "then", "onetime", "erstwhile"}
NOMINAL_POS = {"NOUN", "PROPN", "PRON", "ADJ", "NUM"}
FUZZY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}   # names worth a loose match
NAME_POS = {"PROPN", "NOUN", "ADJ"}


@dataclass(frozen=True)
class Mention:
    start: int      # token offsets in the Doc, end exclusive
    end: int
    entry: KBEntry


@dataclass(frozen=True)
class Argument:
    """One participant: who it is and where in the text it was named."""

    entity: Entity
    span: Span


@lru_cache(maxsize=8)
def _matchers(kb: KnowledgeBase, vocab) -> tuple[PhraseMatcher, PhraseMatcher]:
    """Exact-case matcher for every alias, and a case- and accent-blind one (on the folded norms
    the nlp stage sets) for long mixed-case names."""
    exact, caseless = PhraseMatcher(vocab, attr="ORTH"), PhraseMatcher(vocab, attr="NORM")
    make = load_pipeline().make_doc       # the tokenizer of the pipeline that parses the text
    for surface in kb.aliases:
        pattern = make(surface)
        exact.add(surface, [pattern])
        if len(surface) >= 4 and not surface.isupper() and surface not in kb.case_sensitive:
            folded = make(surface)
            for token in folded:
                token.norm_ = fold(token.text)
            caseless.add(surface, [folded])
    return exact, caseless


class ActorResolver:
    def __init__(self, doc: Doc, day: Date | None, kb: KnowledgeBase | None = None,
                 text: str | None = None) -> None:
        self.doc = doc
        # the article's text: the Doc's, or the original of a pre-filtered Doc, whose skipped
        # sentences are blank (same offsets). Doc.text joins every token on each access: read once
        self.text = doc.text if text is None else text
        self.day = day
        self.kb = kb or load_kb()
        self._ent_list = list(doc.ents)     # Doc.ents builds new spans on every access
        self._ents = {i: ent for ent in self._ent_list for i in range(ent.start, ent.end)}
        self.mentions = self._find_mentions()
        self._by_token = {i: m for m in self.mentions for i in range(m.start, m.end)}
        self._named_here: dict[str, Entity] = {}    # surname -> entity of an unknown person

    # ---- finding names -------------------------------------------------------------------
    def _find_mentions(self) -> list[Mention]:
        exact, caseless = _matchers(self.kb, self.doc.vocab)
        strings = self.doc.vocab.strings
        found = [(start, end, strings[key]) for key, start, end in exact(self.doc)]
        found.extend((start, end, strings[key]) for key, start, end in caseless(self.doc)
                     if not self._common_word_as_name(start, end, strings[key]))
        # longest first, then leftmost; a token belongs to one name only
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: set[int] = set()
        mentions = []
        for start, end, surface in found:
            if taken.intersection(range(start, end)):
                continue
            entry = self._choose(self.kb.aliases.get(surface, []))
            if entry is None or self._part_of_other_name(start, end, entry):
                continue
            taken.update(range(start, end))
            mentions.append(Mention(start, end, entry))
        mentions.sort(key=lambda m: m.start)
        mentions = self._surname_mentions(mentions, taken)
        return self._near_miss_mentions(mentions, {i for m in mentions for i in range(m.start, m.end)})

    def _common_word_as_name(self, start: int, end: int, surface: str) -> bool:
        """"car-borne youths" is not Elisabeth Borne, nor "rice" Condoleezza Rice, nor "shell
        bombs" the oil company: a lower-case word matched case-blind to a person's single-word
        alias, or to an organisation's when it is an English word."""
        if end - start != 1 or not self.doc[start].is_lower:
            return False
        kinds = {e.kind for e in self.kb.aliases.get(surface, ())}
        return "person" in kinds or (bool(kinds & {"group", "igo"})
                                     and self.doc[start].lower_ in common_words(load_pipeline()))

    def _surname_mentions(self, mentions: list[Mention], taken: set[int]) -> list[Mention]:
        """"Ryosei Akazawa ... Akazawa said": a person named in full is later named by surname."""
        surnames = {}
        for m in mentions:
            if m.entry.kind == "person" and m.end - m.start > 1:
                surnames.setdefault(self.doc[m.end - 1].text, m.entry)
        if not surnames:
            return mentions
        for ent in self._ent_list:
            if ent.label_ != "PERSON":
                continue
            for token in ent:
                entry = surnames.get(token.text)
                if entry is not None and token.i not in taken:
                    mentions.append(Mention(token.i, token.i + 1, entry))
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _near_miss_mentions(self, mentions: list[Mention], taken: set[int]) -> list[Mention]:
        """Names one letter away from a known one ("Dehli police", "Mohammed Hussein Roble")."""
        index = fuzzy_index(self.kb)
        for start, end, demonym_only in self._unmatched_names(taken):
            target = index.lookup(self.doc[start:end].text, single_word=end - start == 1)
            if demonym_only and target is not None and target.demonym is None:
                continue              # "Parris" is a surname, not Paris; "Kurds" not Kursk; "Kazahks" are Kazakhs
            entry = None
            if target is not None and target.alias is not None:
                entry = self._choose(self.kb.aliases[target.alias])
            elif target is not None:
                entry = self.kb.country(self.kb.demonyms[target.demonym])
            if entry is not None:
                mentions.append(Mention(start, end, entry))
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _unmatched_names(self, taken: set[int]) -> list[tuple[int, int, bool]]:
        """Spans that look like names but matched nothing: named entities, and capitalised words
        that are not English words; with whether the span may only be a people's name (a
        nationality or group, or a one-word person's name)."""
        spans = []
        for ent in self._ent_list:
            start = ent.start + (ent[0].dep_ == "det")
            if ent.label_ in FUZZY_LABELS and start < ent.end and not taken.intersection(range(ent.start, ent.end)):
                lone_person = ent.label_ == "PERSON" and ent.end - start == 1
                spans.append((start, ent.end, ent.label_ == "NORP" or lone_person))
        common = common_words(load_pipeline())
        for token in self.doc:
            if (token.i not in taken and token.i not in self._ents and token.pos_ in NAME_POS
                    and (token.is_title or token.is_upper) and token.lower_ not in common):
                spans.append((token.i, token.i + 1, False))
        return spans

    def _part_of_other_name(self, start: int, end: int, entry: KBEntry) -> bool:
        """"Diane Abbott" is not Tony Abbott: a surname alias inside a longer, unknown name."""
        if entry.kind != "person":
            return False
        ent = self._ents.get(start)
        return (ent is not None and ent.label_ == "PERSON" and (ent.start < start or ent.end > end)
                and ent.text not in self.kb.aliases)

    def _choose(self, entries: list[KBEntry]) -> KBEntry | None:
        """Several actors share a name ("Bush", "Trudeau"): prefer one in office on the day, else
        the one whose office is nearest before it; undated, the one with the most recent role."""
        if not entries:
            return None
        if len(entries) == 1:
            return entries[-1]
        if self.day is not None:
            active = [e for e in entries if any(r.holds_on(self.day) for r in e.roles)]
            if active:
                return active[-1]
        return max(reversed(entries), key=self._latest_role)

    def _latest_role(self, entry: KBEntry) -> Date:
        """When the entry's latest role (up to the day, if any) began; Date.min without roles."""
        starts = [r.start or Date.min for r in entry.roles
                  if self.day is None or r.start is None or r.start <= self.day]
        return max(starts, default=Date.min)

    # ---- resolving an argument -------------------------------------------------------------
    def resolve(self, head: Token) -> list[Argument]:
        """Entities named by the noun phrase headed by `head` (empty when it names no actor)."""
        # a known name the tagger took for a verb ("FDLR", "SONNA") is still a name
        if head.pos_ not in NOMINAL_POS and head.i not in self._by_token:
            return []
        lower = head.lower_
        if head.pos_ == "PRON" and lower in PERSON_PRONOUNS | GROUP_PRONOUNS:
            return self._pronoun(head)
        core = self._core(head)
        span = self._span(core)
        if any(c.lower_ in COLLECTIVE_HEADS for c in head.children) and head.tag_ in ("NNS", "NNPS"):
            parties = self._recent_parties(head)
            if parties:
                return parties
        mention = self._by_token.get(head.i)
        if mention is not None:
            entity = self._from_entry(mention.entry, span.text, core)
            return [Argument(self._owned_body(entity, mention, core), span)]
        owner = self._owner(head)
        if owner is not None:                          # "the president's office", "Putin's spokesman"
            return [Argument(Entity(span.text, None, owner.country, owner.sector), span)]
        role = self._role(head) if head.pos_ in ("NOUN", "PROPN") else None
        if role is not None:
            return self._with_joined_countries(self._role_entity(head, core, span, *role), head, core, span)
        sector = self._modified_sector(head)
        if sector is not None:                         # "Muslim leaders", "opposition figures"
            return [Argument(Entity(span.text, None, self._modifier_country(core, head), sector), span)]
        named = self._named_body(core, head)
        if named is not None:                         # "the Islamic State group", "the Hamas movement"
            return [Argument(self._from_entry(named.entry, span.text, core), span)]
        code = self.kb.demonyms.get(lower)
        if code is not None and head.pos_ in ("NOUN", "PROPN", "ADJ"):
            return [Argument(Entity(span.text, self.kb.country_names.get(code), code, None), span)]
        if head.lemma_.lower() in PLACE_WORDS:       # "the Turkish side", "Japan's government"
            country = self._modifier_country(core, head)
            if country is not None:
                entity = Entity(span.text, self.kb.country_names.get(country), country, None)
                return self._with_joined_countries(entity, head, core, span)
        if head.ent_type_ in UNKNOWN_NAME_LABELS:
            return [Argument(self._unknown_name(head, core, span), span)]
        return []

    def _with_joined_countries(self, entity: Entity, head: Token, core: list[Token], span: Span) -> list[Argument]:
        """"The Turkish and Greek sides", "U.S. and Japanese officials": one participant per
        country of modifiers joined by "and" to the one the phrase was resolved with (the head's
        own conjuncts are phrases of their own)."""
        args = [Argument(entity, span)]
        seen = {entity.country}
        for token in core:
            for joined in token.children:
                if joined.dep_ != "conj" or token.i == head.i:
                    continue
                country = self.kb.demonyms.get(joined.lower_) or self._mention_country(joined)
                if country and country not in seen:
                    seen.add(country)
                    name = self.kb.country_names.get(country) if entity.sector is None else None
                    args.append(Argument(Entity(span.text, name, country, entity.sector), span))
        return args

    def _mention_country(self, token: Token) -> str | None:
        mention = self._by_token.get(token.i)
        return mention.entry.at(self.day)[0] if mention is not None and mention.entry.kind in PLACE_KINDS else None

    def _unknown_name(self, head: Token, core: list[Token], span: Span) -> Entity:
        """A name the KB lacks: country and sector from its own phrase ("Japanese minister Ryosei
        Akazawa"), or from an earlier fuller mention of the same surname in the document."""
        ent = self._ents.get(head.i)
        name = ent.text if ent else head.text
        country = self._modifier_country(core, head)
        # the role nearest the name decides: "Taiwan's deputy foreign minister" is a minister
        sector = next((r[1] for t in reversed(core) if t.i != head.i and t.pos_ in ("NOUN", "PROPN")
                       and (r := self._role(t))), None)
        if head.ent_type_ == "PERSON":
            if country or sector:
                self._named_here.setdefault(head.text, Entity(span.text, name, country, sector))
            elif head.text in self._named_here:
                known = self._named_here[head.text]
                return Entity(span.text, known.name, known.country, known.sector)
        sector = sector or self._owner_sector(core, head)
        return Entity(span.text, name, country, ELITE if _former(core) else sector)

    def _owned_body(self, entity: Entity, mention: Mention, core: list[Token]) -> Entity:
        """"The Ivory Coast's Supreme Court", "Kenya's Electoral Commission": a body named by a
        form several countries use belongs to the country the phrase names around it, not to the
        body the knowledge base files that form under. Only forms made of ordinary words: "Pakistan's
        Taliban" are not the Afghan ones, but neither are they the Taliban's government."""
        common = common_words(load_pipeline())
        if mention.entry.kind != "group" or any(
                t.lower_ not in common for t in self.doc[mention.start:mention.end] if t.is_alpha):
            return entity
        around = [t for t in core if not mention.start <= t.i < mention.end]
        country = self._modifier_country(around, None)
        if country is None or country == entity.country:
            return entity
        return Entity(entity.text, None, country, entity.sector)

    def _owner(self, head: Token) -> Entity | None:
        if head.lemma_.lower() not in self.kb.owned_heads and head.lower_ not in self.kb.owned_heads:
            return None
        for child in head.children:
            if child.dep_ == "poss":
                found = self.resolve(child)
                if found and found[0].entity.known:
                    return found[0].entity
        return None

    def _modified_sector(self, head: Token) -> str | None:
        """"Muslim leaders" (REL), "the ruling junta" (GOV), "leaders of the opposition coalition"
        (OPP): a modifier of a generic head, or of what its "of" phrase names, decides it."""
        if head.lemma_.lower() not in self.kb.generic_heads and head.lower_ not in self.kb.generic_heads:
            return None
        described = [head] + [pobj for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "of"
                              for pobj in prep.children if pobj.dep_ == "pobj"]
        for word in described:
            for child in word.children:
                if child.dep_ in ("amod", "compound") and child.lower_ in self.kb.sector_modifiers:
                    return self.kb.sector_modifiers[child.lower_]
        return None

    def _owner_sector(self, core: list[Token], head: Token) -> str | None:
        """"Masayoshi Son, SoftBank's chief": the sector of the organisation a person works for."""
        for token in core:
            mention = self._by_token.get(token.i)
            if mention is not None and token.i != head.i and mention.entry.kind in ("group", "igo"):
                return mention.entry.at(self.day)[1]
        return None

    def _from_entry(self, entry: KBEntry, text: str, core: list[Token]) -> Entity:
        country, sector = entry.at(self.day)
        if entry.kind == "person":
            if country is None:
                country = self._modifier_country(core, None)
            if _former(core):
                sector = ELITE
        return Entity(text, entry.name, country, sector)

    def _role_entity(self, head: Token, core: list[Token], span: Span, title: str, sector: str) -> Entity:
        """"Japan's prime minister", "the President" (of a country named before), "former
        officials": the sector of the role, its country, and the officeholder on the day."""
        sector = self._modified_sector(head) or sector
        name = self._named_person(head)
        country = self._modifier_country(core, head)
        body = self._named_body(core, head)
        if body is not None:
            body_country, body_sector = body.entry.at(self.day)
            country = country or body_country
            if sector in GENERIC_SECTORS:
                sector = body_sector or sector                   # "Boko Haram gunmen" are REB
        if country is None and sector not in FOREIGN_PRONE_SECTORS:
            country = self._country_in(head)                     # "residents in Kabul"
        if name is None and head.tag_ in ("NN", "NNP"):
            countries = [country] if country else self._countries_before(head)
            for candidate in countries:
                holder = self.kb.holder(title, candidate, self.day)
                if holder is not None:
                    name, country = holder.name, candidate
                    break
        return Entity(span.text, name, country, ELITE if _former(core) else sector)

    def _country_in(self, head: Token) -> str | None:
        """The country of a place the phrase is "in" ("officials in Washington")."""
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                for pobj in prep.children:
                    mention = self._by_token.get(pobj.i)
                    if pobj.dep_ == "pobj" and mention is not None and mention.entry.kind in PLACE_KINDS:
                        return mention.entry.country
        return None

    def _countries_before(self, token: Token) -> list[str]:
        """Countries named before `token`, the most recent first."""
        seen: dict[str, None] = {}
        for m in reversed(self.mentions):
            if m.start < token.i and m.entry.kind in PLACE_KINDS and m.entry.country:
                seen.setdefault(m.entry.country)
        return list(seen)

    def government_named(self, token: Token) -> str | None:
        """The country whose capital or seat of government `token` names ("the White House")."""
        mention = self._by_token.get(token.i)
        return mention.entry.country if mention is not None and mention.entry.kind == "government" else None

    def countries_named(self) -> set[str]:
        """Every country the document names, by itself or through its places and people."""
        return {m.entry.at(self.day)[0] for m in self.mentions} - {None}

    def phrase_tokens(self, head: Token) -> list[Token]:
        """The tokens of the noun phrase headed by `head`, without its clauses."""
        return self._core(head)

    def _core(self, head: Token) -> list[Token]:
        """The noun phrase without its clauses: modifiers, names in apposition, "of"/"from"
        phrases ("the President of France", "doctors from American aid groups")."""
        tokens = [head]
        # "the United States and Israel, a weekly reports": past a conjunct, an apposition is not the head's
        joined = min((c.i for c in head.children if c.dep_ == "conj"), default=len(head.doc))
        for child in head.children:
            if child.dep_ == "appos" and child.i > joined:
                continue
            if child.dep_ in CORE_DEPS:
                tokens.extend(self._core(child))
            elif child.dep_ == "prep" and child.lower_ in ("of", "from"):
                tokens.append(child)
                tokens.extend(t for c in child.children if c.dep_ == "pobj" for t in self._core(c))
        return sorted(tokens, key=lambda t: t.i)

    def _span(self, core: list[Token]) -> Span:
        words = [t for t in core if (not t.is_punct and t.dep_ != "det") or t.lower_ in COLLECTIVE_HEADS]
        words = words or core
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        return Span(start, end, self.text[start:end])

    def _role(self, head: Token) -> tuple[str, str] | None:
        """(title, sector) of a role noun or title heading the phrase: "officials", "prime minister"."""
        compounds = [c for c in head.lefts if c.dep_ in ("compound", "amod")]
        for n in range(len(compounds), -1, -1):
            phrase = " ".join([t.lower_ for t in compounds[len(compounds) - n:]] + [head.lemma_.lower()])
            sector = self.kb.role_nouns.get(phrase) or self.kb.titles.get(phrase)
            if sector is not None:
                return phrase, sector
        return None

    def _named_body(self, core: list[Token], head: Token) -> Mention | None:
        """An organisation named in compound before a generic noun heading the phrase, or right
        before it when the parse has lost the compound ("Boko Haram gunmen" as subject and verb)."""
        if head.pos_ != "NOUN":
            return None
        before = self._by_token.get(head.i - 1)
        for token, mention in [*((t, self._by_token.get(t.i)) for t in core), (head, before)]:
            if (mention is not None and mention.entry.kind in ("group", "igo")
                    and (token.dep_ == "compound" or mention.end == head.i)):
                return mention
        return None

    def _named_person(self, head: Token) -> str | None:
        """"Prime Minister Shigeru Ishiba": the name in apposition or compound, not a possessor."""
        for child in head.children:
            if child.dep_ not in NAME_DEPS:
                continue
            mention = self._by_token.get(child.i)
            if mention is not None and mention.entry.kind == "person":
                return mention.entry.name
        return None

    def _modifier_country(self, core: list[Token], head: Token | None) -> str | None:
        """Country named inside the phrase: "Japanese officials", "U.S. troops", "Japan's premier"."""
        for token in core:
            if head is not None and token.i == head.i:
                continue
            mention = self._by_token.get(token.i)
            if mention is not None:
                country, _ = mention.entry.at(self.day)
                if country:
                    return country
            code = self.kb.demonyms.get(token.lower_)
            if code is not None:
                return code
        return None

    def _pronoun(self, token: Token) -> list[Argument]:
        """A crude but useful coreference. "Iraq said it would ...": the speaker of the clause;
        otherwise he/she is the nearest person named before, it/they the nearest other actor
        (known to the KB or only to the named-entity tagger) within a few sentences."""
        span = Span(token.idx, token.idx + len(token.text), token.text)
        speaker = self._speaker_of_clause(token)
        if speaker:
            return [Argument(a.entity, span) for a in speaker]
        antecedent = self._antecedent(token, person=token.lower_ in PERSON_PRONOUNS)
        if antecedent is None:
            return []
        return [Argument(Entity(token.text, a.entity.name, a.entity.country, a.entity.sector), span)
                for a in self.resolve(antecedent)]

    def _antecedent(self, token: Token, person: bool) -> Token | None:
        """Head token of the nearest name before `token` of the wanted kind."""
        labels = {"PERSON"} if person else {"ORG", "GPE", "NORP"}
        best = None
        for m in self.mentions:
            if m.start >= token.i:
                break
            if (m.entry.kind == "person") == person:
                best = self.doc[m.end - 1]
        for ent in self._ent_list:
            if ent.start >= token.i:
                break
            if ent.label_ in labels and (best is None or ent.end - 1 > best.i):
                best = ent.root
        if best is None or token.i - best.i > PRONOUN_REACH or best.pos_ == "PRON":
            return None
        return best

    def _speaker_of_clause(self, token: Token) -> list[Argument]:
        if token.dep_ not in ("nsubj", "nsubjpass") or token.head.dep_ != "ccomp":
            return []
        verb = token.head.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i != token.i and c.pos_ != "PRON"]
        return [a for s in subjects for a in self.resolve(s)]

    def _recent_parties(self, token: Token) -> list[Argument]:
        """"The two leaders", "both nations": the last two distinct parties named before."""
        want_people = token.lemma_.lower() not in PLACE_WORDS
        parties: dict[str, Argument] = {}
        span = Span(token.idx, token.idx + len(token.text), token.text)
        for mention in reversed([m for m in self.mentions if m.start < token.i]):
            if want_people and mention.entry.kind != "person":
                continue
            entity = self._from_entry(mention.entry, token.text, [])
            key = entity.name if want_people else entity.country
            if key and key not in parties:
                parties[key] = Argument(entity, span)
            if len(parties) == 2:
                return list(parties.values())
        return []


def _former(core: list[Token]) -> bool:
    """"former Prime Minister Shinzo Abe", "ex-president": a past officeholder (PLOVER ELI)."""
    return any(t.lower_ in FORMER_WORDS and t.dep_ in ("amod", "advmod", "compound") for t in core)


def naming_words(kb: KnowledgeBase) -> tuple[frozenset[str], frozenset[str]]:
    """What can name an actor, for the relevance pre-filter: lower-case words (pronouns, role and
    group nouns, demonyms: "officials", "he", "japanese") and the first words of known names, so
    that a sentence opening with "Japan" counts while one opening with "Prices" does not."""
    phrases = [*kb.role_nouns, *kb.titles, *kb.demonyms, *kb.sector_modifiers, *kb.generic_heads,
               *kb.owned_heads, *(a for a in kb.aliases if a.islower())]
    lower = {p.split()[-1].lower() for p in phrases if p.strip()}
    lower |= PERSON_PRONOUNS | GROUP_PRONOUNS | {"we", "us", "our", "i", "you"}
    starts = {a.split()[0] for a in kb.aliases if a.strip()}
    return frozenset(lower), frozenset(starts)
