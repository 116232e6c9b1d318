def test_direct_quote_is_attributed_to_the_speaker_after_it(code):
    doc = code("“We will not accept any change to the border by force,” the Polish foreign minister said on Sunday.")
    [quote] = doc.quotes
    assert quote.direct and quote.text.startswith("We will not accept")
    assert (quote.speaker.country, quote.speaker.sector) == ("POL", "GOV")


def test_quote_spanning_sentences_goes_to_the_speaker_before_it(code):
    text = ("Chancellor Friedrich Merz praised the deal, saying, “This is a good day for Europe. "
            "It shows we can act together.”")
    doc = code(text, "2025-07-01")
    [quote] = doc.quotes
    assert quote.speaker.name == "Friedrich Merz"
    assert "act together" in quote.text
    praise = [e for e in doc.events if e.event == "SUPPORT"]
    assert praise and quote.event == praise[0].id


def test_reported_speech(code):
    doc = code("Kenyan officials said that the talks with Ethiopia had gone well.")
    [quote] = doc.quotes
    assert not quote.direct
    assert quote.text == "the talks with Ethiopia had gone well"
    assert (quote.speaker.country, quote.speaker.sector) == ("KEN", "GOV")


def test_scare_quotes_are_not_quotes(code):
    doc = code("The minister called the plan a \"red line\" for Seoul.")
    assert doc.quotes == []
