def test_amount_is_tied_to_the_event_of_its_sentence(code):
    doc = code("Saudi Arabia pledged $2 billion to Egypt. Egypt thanked the kingdom.")
    [amount] = doc.amounts
    assert amount.value == 2e9 and amount.currency == "USD" and amount.sentence == 0
    [pledge] = [e for e in doc.events if e.id == amount.event]
    assert pledge.event == "AGREE" and pledge.amounts == [amount]
    assert doc.to_dict()["amounts"][0] == {"value": 2e9, "currency": "USD", "text": "$2 billion",
                                           "sentence": 0, "event": pledge.id}


def test_count_without_an_event_stays_on_the_document(code):
    doc = code("About 3,000 troops are stationed on the island.")
    [amount] = doc.amounts
    assert amount.unit == "troops" and amount.value == 3000
