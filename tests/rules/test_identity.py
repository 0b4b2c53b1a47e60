"""Identity numbers: fødselsnummer, D-nummer, synthetic numbers, DUF-nummer."""

from hemsedal_integrering.rules.identity import (
    check_duf_number,
    check_national_id,
    format_national_id,
    make_synthetic_number,
    mask_national_id,
)


def test_valid_fodselsnummer_is_accepted_with_spaces():
    result = check_national_id("151086 95088")
    assert result.ok and result.number == "15108695088" and result.kind == "fnr"


def test_wrong_check_digit_is_rejected_in_norwegian():
    result = check_national_id("15108695077")
    assert not result.ok
    assert "Kontrollsifrene" in result.message


def test_d_number_is_accepted_and_recognised():
    # 55108610092: 15.10.86 with first digit + 4, valid check digits
    result = check_national_id("55108610092")
    assert result.ok and result.kind == "dnr"


def test_synthetic_number_month_plus_80_is_accepted():
    number = make_synthetic_number(1, 1, 1990, 123) or make_synthetic_number(1, 1, 1990, 124)
    assert number[2:4] == "81"
    result = check_national_id(number)
    assert result.ok and result.kind == "synthetic"


def test_wrong_length_and_letters_give_specific_messages():
    assert "11 sifre" in check_national_id("1234").message
    assert "bare av sifre" in check_national_id("1510869508X").message
    assert "mangler" in check_national_id("").message


def test_impossible_date_with_valid_check_digits_is_rejected():
    # Build a number for 31 February with correct check digits.
    from stdnum.no import fodselsnummer as f
    for individual in range(100, 500):
        base = f"310286{individual:03d}"
        k1 = f.calc_check_digit1(base)
        if k1 == "10":
            continue
        k2 = f.calc_check_digit2(base + k1)
        if k2 == "10":
            continue
        result = check_national_id(base + k1 + k2)
        assert not result.ok and "dato" in result.message
        break
    else:  # pragma: no cover
        raise AssertionError("no candidate number found")


def test_duf_number_needs_twelve_digits():
    assert check_duf_number("2024 12345678").ok
    assert not check_duf_number("12345").ok


def test_format_and_mask_never_reveal_the_personal_digits_when_masked():
    assert format_national_id("15108695088") == "151086 95088"
    assert mask_national_id("15108695088") == "151086 *****"
    assert mask_national_id(None) == ""
