"""Run a child process that file permissions bind, even when the tests run as root."""

from __future__ import annotations

import ctypes
import os

PR_CAPBSET_DROP = 24
# Root reads any file through these two capabilities; without them chmod 000 stops it too.
CAP_DAC_OVERRIDE = 1
CAP_DAC_READ_SEARCH = 2


def obey_file_modes() -> None:
    """preexec_fn: as root, drop the capabilities that bypass file modes (no-op otherwise).

    Dropped from the bounding set before exec, they are not in the new program's permitted
    set: it is still root, but `chmod 000` denies it as it denies any user.
    """
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")
