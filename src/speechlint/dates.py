"""Document date detection (placeholder until the content rule sets land)."""


def detect_date(doc):
    return None, "no date found"
