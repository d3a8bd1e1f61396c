from followline.mail.addresses import normalise_address, normalise_phone, phones_in_text


def test_addresses_normalised():
    assert normalise_address("Ann Lee <Ann.Lee+jobs@Example.COM>") == "ann.lee@example.com"
    assert normalise_address("ann.lee@example.com") == "ann.lee@example.com"
    assert normalise_address('"Lee, Ann" <ANN.LEE@EXAMPLE.COM>') == "ann.lee@example.com"


def test_phones_normalised():
    assert normalise_phone("(312) 555-0142") == "+13125550142"
    assert normalise_phone("+1 312 555 0142") == "+13125550142"
    assert normalise_phone("020 7946 0958", "GB") == "+442079460958"
    assert normalise_phone("12") is None
    assert phones_in_text("Ann Lee\nMobile: 312.555.0142\n") == ["+13125550142"]
