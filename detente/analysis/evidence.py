"""A mention's sentence with its evidence marked: the actor, the trigger and the recipient spans,
as HTML. Offsets in the store are into the document text; they are made relative here."""
from __future__ import annotations

from html import escape


def marked_sentence(con, mention_id: str) -> str:
    row = con.execute("""
        SELECT d.text, m.sentence_text, m.trigger_start, m.trigger_end
        FROM mentions m JOIN documents d ON d.id = m.document_id WHERE m.id = ?""", [mention_id]).fetchall()
    if not row:
        return ""
    text, sentence, t_start, t_end = row[0]
    spans = [(t_start, t_end, "trigger")] + [
        (start, end, role) for role, start, end in con.execute(
            "SELECT role, span_start, span_end FROM entities WHERE mention_id = ? AND span_start IS NOT NULL",
            [mention_id]).fetchall()]
    return mark(text, sentence, spans)


def mark(text: str, sentence: str, spans: list[tuple[int, int, str]]) -> str:
    """`sentence` (found in `text` around the spans) as HTML, each span in <mark class=role>."""
    first = min((s for s, _, _ in spans), default=0)
    offset = text.rfind(sentence, 0, first + 1) if spans else text.find(sentence)
    if offset < 0:
        offset = text.find(sentence)
    if offset < 0:
        return escape(sentence)
    out, cursor = [], offset
    end_of_sentence = offset + len(sentence)
    for start, end, role in sorted(spans):
        if start < cursor or end > end_of_sentence:
            continue            # overlapping or outside the sentence: leave it unmarked
        out.append(escape(text[cursor:start]))
        out.append(f'<mark class="{role}">{escape(text[start:end])}</mark>')
        cursor = end
    out.append(escape(text[cursor:end_of_sentence]))
    return "".join(out)
