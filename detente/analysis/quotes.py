"""Who said what: stored quotes (direct and reported) with speaker, date and source."""
from __future__ import annotations

from datetime import date as Date
from typing import Any

from detente.store.query import date_bounds, like_pattern


def find_quotes(con, speaker: str | None = None, about: str | None = None, countries: tuple[str, ...] = (),
                since: Date | None = None, until: Date | None = None, direct_only: bool = False,
                limit: int | None = 50) -> list[dict[str, Any]]:
    """`speaker` matches the speaker's name, words or country code; `about` words in the quote;
    `countries` keeps speakers of those countries. Newest first."""
    clauses, params = ["TRUE"], []
    if speaker:
        clauses.append("(q.speaker_name ILIKE ? ESCAPE '\\' OR q.speaker_text ILIKE ? ESCAPE '\\' "
                       "OR q.speaker_country = ?)")
        params += [like_pattern(speaker), like_pattern(speaker), speaker.upper()]
    if about:
        clauses.append("q.text ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(about))
    if countries:
        clauses.append("q.speaker_country IN (SELECT unnest(?::VARCHAR[]))")
        params.append([c.upper() for c in countries])
    bounds, values = date_bounds("d.published", since, until)
    clauses += bounds
    params += values
    if direct_only:
        clauses.append("q.direct")
    sql = f"""
        SELECT q.id, q.speaker_name, q.speaker_text, q.speaker_country, q.speaker_sector, q.text, q.direct,
               d.published, d.source, d.url, d.title, q.document_id, q.sentence
        FROM quotes q JOIN documents d ON d.id = q.document_id
        WHERE {' AND '.join(clauses)} ORDER BY d.published DESC NULLS LAST, q.id"""
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return [{"id": qid, "speaker": {"name": name or text, "country": country, "sector": sector},
             "text": quote, "direct": direct, "date": published.isoformat() if published else None,
             "source": source, "url": url, "title": title, "document": doc, "sentence": sentence}
            for (qid, name, text, country, sector, quote, direct, published, source, url, title, doc, sentence)
            in con.execute(sql, params).fetchall()]
