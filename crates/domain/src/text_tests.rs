//! Tests of the checked text values: what input is refused, and why.

use super::*;

#[test]
fn addresses_the_mail_library_refused_are_refused_with_the_field() {
    for bad in [
        "c..d@example.com",
        ".a@example.com",
        "a.@example.com",
        "a@example..com",
        "x@-example-.com",
        "x@example",
        "=?utf-8?b?YWRtaW4=?=@example.com",
        "jos\u{e9}@example.com",
        "a@b\u{202e}moc.example",
        "a\u{200b}b@example.com",
    ] {
        let e = EmailAddress::parse("email", bad).expect_err(bad);
        assert_eq!(e.field(), "email", "{bad}");
    }
    assert!(EmailAddress::parse("email", "O'Brien+news@Mail.Example-Site.org").is_ok());
    assert!(EmailAddress::parse("email", "a@xn--bcher-kva.example").is_ok());
}

#[test]
fn noncharacters_controls_and_direction_marks_are_refused() {
    for bad in [
        "x\u{FFFF}y",
        "x\u{FFFE}y",
        "x\u{FDD0}",
        "x\u{1FFFF}",
        "a\u{1}b",
        "a\u{85}b",
    ] {
        assert!(LongText::parse("note", bad).is_err(), "{bad:?}");
        assert!(Title::parse("title", bad).is_err(), "{bad:?}");
    }
    assert!(LongText::parse("note", "line\r\n\tnext").is_ok());
    for bad in [
        "evil\u{202E}gro.elpmaxe",
        "a\u{2066}b",
        "a\u{200F}",
        "\u{FEFF}x",
    ] {
        let e = Title::parse("name", bad).expect_err(bad);
        assert_eq!(e.field(), "name");
    }
    assert!(Title::parse("name", "\u{645}\u{6cc}\u{200c}\u{634}\u{648}\u{62f}").is_ok());
}

#[test]
fn a_new_record_cannot_take_the_slug_of_the_creation_form() {
    let e = Slug::parse_new("slug", "new").expect_err("new is the creation form's path");
    assert_eq!(e.field(), "slug");
    assert_eq!(e.to_string(), "slug is not valid: new is reserved");
    assert!(Slug::parse_new("slug", "new-fund").is_ok());
    assert!(Slug::parse_new("slug", "New").is_err(), "still a slug");
    assert!(
        Slug::parse("slug", "new").is_ok(),
        "existing records keep their slug"
    );
}
