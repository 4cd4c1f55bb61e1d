class SpeechlintError(Exception):
    """A problem the user can fix; printed as one line, exit code 2."""


class RuleFileError(SpeechlintError):
    def __init__(self, path, line, what):
        self.path, self.line, self.what = str(path), line, what
        super().__init__(f"{path}:{line or 1}: {what}")


class InputError(SpeechlintError):
    pass
