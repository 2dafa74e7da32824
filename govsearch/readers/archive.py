"""``.zip`` collections: each member of a supported format is a document of its own.

Member names written by Chinese Windows tools are GBK bytes without the UTF-8
flag; zipfile decodes those as cp437, so they are turned back into bytes and read
as UTF-8 or else GB18030. ``max_bytes`` bounds each member's uncompressed size and
the archive's total, checked against the sizes the archive declares before
anything is unpacked and again while unpacking (a forged header cannot lie past it).
"""

import zipfile
from pathlib import PurePosixPath

from ..errors import ReadError

_CHUNK = 1 << 20


def members(path, max_bytes=None, wanted=lambda name: True):
    """Yield ``(name, bytes)`` for each wanted file member of the archive at ``path``, in name order.

    ``wanted(name)`` picks the members to unpack; the others are yielded with ``None``.
    A member that cannot be unpacked (encrypted, unknown compression) is yielded with
    its ``ReadError``; going over ``max_bytes`` raises it for the whole archive.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReadError(f"{path}: not a readable .zip ({exc})") from None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        total = sum(i.file_size for i in infos)
        if max_bytes is not None:
            too_big = [i for i in infos if i.file_size > max_bytes]
            if too_big or total > max_bytes:
                size = max(i.file_size for i in too_big) if too_big else total
                what = f"member {member_name(too_big[0])} unpacks to" if too_big else "unpacks to"
                raise ReadError(f"{path}: {what} {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB "
                                "limit (zip bomb?), skipped; raise it with --max-size")
        unpacked = 0
        for info in sorted(infos, key=member_name):
            name = member_name(info)
            if _hidden(name):
                continue
            if not wanted(name):
                yield name, None
                continue
            try:
                data = _unpack(archive, info, path, name, max_bytes, unpacked)
            except _MemberError as exc:
                yield name, ReadError(str(exc))
                continue
            unpacked += len(data)
            yield name, data


def member_name(info):
    """A member's name as its writer meant it: UTF-8 when flagged, else UTF-8 or GB18030 bytes."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _hidden(name):
    parts = PurePosixPath(name).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts) or parts[-1].startswith("~$")


def _unpack(archive, info, path, name, max_bytes, unpacked):
    chunks, size = [], 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if max_bytes is not None and (size > max_bytes or unpacked + size > max_bytes):
                    raise ReadError(f"{path}: member {name} unpacks past the {max_bytes / 1e6:g} MB limit "
                                    "(zip bomb?), skipped; raise it with --max-size")
                chunks.append(chunk)
    except ReadError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression
        raise _MemberError(f"{path}/{name}: cannot unpack ({exc})") from None
    return b"".join(chunks)


class _MemberError(Exception):
    """One member cannot be unpacked; the others can."""
