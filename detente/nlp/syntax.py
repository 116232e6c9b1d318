"""Reading the dependency parse: who is the subject of a clause, what is coordinated with what."""
from __future__ import annotations

from spacy.tokens import Token

SUBJECT_DEPS = {"nsubj", "csubj"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
OBJECT_CONTROL_DEPS = {"dobj", "dative"}          # "urged Japan to invest": Japan invests


def clause_subjects(verb: Token) -> list[Token]:
    """The tokens heading the subject of a verb, following control, coordination and relatives."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if subjects and verb.dep_ == "relcl" and subjects[0].lower_ in RELATIVE_PRONOUNS:
        return [verb.head]                      # "the CEO, who pledged ...": the CEO pledged
    if subjects:
        return with_conjuncts(subjects)
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if agents:
        return with_conjuncts(agents)
    head = verb.head
    if verb.dep_ in ("xcomp", "ccomp") and head.pos_ in ("VERB", "AUX"):
        controllers = [c for c in head.children if c.dep_ in OBJECT_CONTROL_DEPS]
        if controllers:
            return with_conjuncts(controllers)
        passive = [c for c in head.children if c.dep_ == "nsubjpass"]   # "X was expected to meet"
        return with_conjuncts(passive) if passive else clause_subjects(head)
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp" and head.head.i != head.i:
        return clause_subjects(head.head)       # "France is ready to contribute troops"
    if verb.dep_ in ("conj", "advcl") and head.pos_ in ("VERB", "AUX") and head.i != verb.i:
        passive = [c for c in head.children if c.dep_ == "nsubjpass"]   # "X was indicted and will resign"
        return with_conjuncts(passive) if passive and verb.dep_ == "conj" else clause_subjects(head)
    if verb.dep_ == "pcomp" and head.head.pos_ in ("VERB", "AUX"):   # "after meeting X"
        return clause_subjects(head.head)
    if verb.dep_ == "relcl":
        return [head]
    return []


def with_conjuncts(tokens: list[Token]) -> list[Token]:
    out = []
    for tok in tokens:
        out.append(tok)
        out.extend(c for c in tok.conjuncts if c.pos_ in ("NOUN", "PROPN", "PRON"))
    return out


# A noun phrase the parser hung somewhere odd still heads the clause's subject when it is the last
# one before a main verb that has none ("With the signing of an MOU, the Sudanese government and
# SPLM/A have agreed"; "Doctors from two aid groups donated"). Not objects of prepositions or
# modifiers of other nouns.
NOUNS = ("NOUN", "PROPN")
NOT_SUBJECT_DEPS = {"pobj", "dobj", "poss", "compound", "amod", "nmod", "npadvmod", "appos", "attr", "dative",
                    "nummod", "quantmod", "det"}


def stray_subject(verb: Token) -> list[Token]:
    """For a main verb the parse gave no subject: the head of the last noun phrase before it in
    its sentence that is not the object of a preposition or a modifier, with its conjuncts. A
    finite verb the parse hung under the sentence's root noun ("Doctors ... donated") has that
    noun as subject."""
    if any(c.dep_ in SUBJECT_DEPS | {"nsubjpass", "expl"} for c in verb.children):
        return []
    head = verb.head
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBD" and head.dep_ == "ROOT" and head.pos_ in NOUNS:
        return with_conjuncts([head])
    if verb.dep_ != "ROOT":
        return []
    for token in reversed(list(verb.sent)[: verb.i - verb.sent.start]):
        if token.pos_ in NOUNS and token.dep_ not in NOT_SUBJECT_DEPS:
            return with_conjuncts([token])
    return []
