"""stub"""


def check_repeated_blocks(text, where):
    return None


def check_truncation(text, attachments, where):
    return []
