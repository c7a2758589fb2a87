"""Answer texts for costs and insurance, referrals and directions.

The facts come from the `praxisinfo` section of practice.yml. While a field is
empty the answer says that the practice team will tell, and how to reach it:
the assistant never invents a price, an insurance rule or a bus line.
"""

from typing import List

from actions.practice import Practice


def how_to_reach(practice: Practice) -> str:
    """'unter 040 ...', 'per E-Mail an ...' or the website, as the file allows;
    it completes "Sie erreichen es ..."."""
    contact = practice.contact
    if contact.phone:
        return f"unter {contact.phone}"
    if contact.email:
        return f"per E-Mail an {contact.email}"
    if contact.website:
        return f"über die Kontaktdaten auf der Webseite der Praxis ({contact.website})"
    return "über die Kontaktdaten auf der Webseite der Praxis"


def costs_text(practice: Practice) -> str:
    info = practice.info
    lines = (
        [info.insurance]
        if info.insurance
        else ["Welche Versicherungen die Praxis annimmt, kann ich Ihnen hier leider nicht sagen."]
    )
    lines.append(
        "Was eine Behandlung kostet, hängt von der Behandlung und Ihrer Versicherung ab. "
        "Zu Kosten, Selbstzahlerleistungen (IGeL) und Rechnungen gibt Ihnen das "
        f"Praxisteam gern Auskunft; Sie erreichen es {how_to_reach(practice)}."
    )
    return " ".join(lines)


def referral_text(practice: Practice) -> str:
    info = practice.info
    first = info.referral or (
        "Ob Sie eine Überweisung brauchen, sagt Ihnen das Praxisteam; Sie erreichen es "
        f"{how_to_reach(practice)}."
    )
    return (
        f"{first} Bringen Sie zum Termin bitte Ihre bisherigen Befunde und Bilder mit "
        "(zum Beispiel MRT- oder CT-Aufnahmen und Arztbriefe), auch wenn Sie eine "
        "Zweitmeinung wünschen: Im Gespräch werden bisherige Therapien und aktuelle "
        "Befunde gemeinsam betrachtet."
    )


def directions_text(practice: Practice) -> str:
    address = practice.address
    info = practice.info
    lines = [f"Die Praxis finden Sie in der {address.street}, {address.postcode} {address.city}."]
    lines += [fact for fact in (info.transit, info.parking, info.accessibility) if fact]
    missing: List[str] = []
    if not info.transit:
        missing.append("wie Sie mit Bus und Bahn am besten hinkommen")
    if not info.parking:
        missing.append("wo Sie parken können")
    if not info.accessibility:
        missing.append("ob die Praxis barrierefrei erreichbar ist")
    if missing:
        joined = ", ".join(missing[:-1]) + (" und " if len(missing) > 1 else "") + missing[-1]
        lines.append(
            f"{joined[0].upper()}{joined[1:]}, erfahren Sie beim Praxisteam; Sie erreichen es "
            f"{how_to_reach(practice)}."
        )
    return " ".join(lines)
