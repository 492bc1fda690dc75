"""What a file really is, judged from its bytes, and whether it is safe to open (zip bombs, XML entities, encryption)."""

import re
import struct
import zipfile
import zlib
from pathlib import Path

from desktop.spreadsheets.reading.import_errors import UnreadableContent

# What the importer can parse in bounded time and memory (whose grid sheet_extent bounds).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Honest workbook XML packs far beyond 100 to 1 when it repeats itself (the planner's own scenario
# sheet holding 200,000 equal amounts is 3 MB at 390 to 1), and the size caps above already bound
# the work: the ratio only marks a bomb in a part that would also expand past this floor.
_RATIO_CHECK_FROM_BYTES = 50 * 1024 * 1024
_PROLOG_LIMIT = 64 * 1024
# Declared sizes are checked by decompressing a part when its declared ratio is unusual for XML,
# when the local header and the directory disagree, or when the whole archive is small enough
# for a full pass to cost a few milliseconds (a big workbook's parts are parsed anyway, by
# calamine, whose zip reader stops at the declared size).
_SUSPICIOUS_RATIO = 20
_STREAM_ALL_BELOW_BYTES = 1024 * 1024
_STREAM_CHUNK = 256 * 1024
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_DEFLATED, _STORED = zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED

ENCRYPTED = "this workbook is encrypted: open it in Excel, remove the password, save, then import"
DAMAGED_ZIP = "the workbook is damaged or incomplete (its zip structure is broken; was the download cut short?)"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SIGNATURES = (
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"), (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"), (b"BM", "a bitmap image"), (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"), (b"{\\rtf", "an RTF document"), (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"), (b"SQLite format 3", "an SQLite database"),
)
_ZIP_KINDS = (
    ("word/document.xml", "a Word document"), ("ppt/presentation.xml", "a PowerPoint presentation"),
)
_ODF_OTHERS = {
    "application/vnd.oasis.opendocument.text": "an OpenDocument text document",
    "application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation",
}
_ROOT_TAG = re.compile(rb"<[A-Za-z_]")
_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SPREADSHEET_2003 = b"urn:schemas-microsoft-com:office:spreadsheet"


def detect_format(path: Path) -> str:
    """One of xlsx, xlsm, xlsb, xls, ods, csv; raises UnreadableContent for anything else."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        raise UnreadableContent("the file is empty")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_format(path)
    if head.startswith(_OLE_MAGIC):
        return _ole_format(path)
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            raise UnreadableContent(f"this is {what}, not a spreadsheet")
    return _text_format(head)


def _zip_format(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _refuse_bombs(members)
            if any(member.flag_bits & 0x1 for member in members):
                raise UnreadableContent(ENCRYPTED)
            _refuse_understated_sizes(path, members)
            names = {member.filename for member in members}
            kind = _zip_kind(archive, names)
            _refuse_xml_declarations(archive, members)
            return kind
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, NotImplementedError, ValueError, zlib.error,
            struct.error):
        raise UnreadableContent(DAMAGED_ZIP) from None


def _refuse_bombs(members: list[zipfile.ZipInfo]) -> None:
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableContent(
            f"the workbook would expand to {total / 2**20:,.0f} MB, over the 200 MB limit: refusing to open it")
    for member in members:
        if member.file_size >= _RATIO_CHECK_FROM_BYTES and (
                member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)):
            raise UnreadableContent(
                f"part {member.filename} is compressed more than 100 to 1, as zip bombs are: refusing to open it")


def understated_size(part: str, declared: int | None = None) -> str:
    """The refusal of a part that decompresses to more than its zip directory says."""
    size = "the size" if declared is None else f"the {declared:,} bytes"
    return (f"part {part} expands beyond {size} its zip directory declares, "
            "as tampered archives and zip bombs do: refusing to open it")


def _refuse_understated_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Decompress, with a byte cap, every part whose declared size might be a lie."""
    stream_all = sum(member.compress_size for member in members) <= _STREAM_ALL_BELOW_BYTES
    with path.open("rb") as handle:
        for member in members:
            if member.compress_type not in (_DEFLATED, _STORED):
                continue
            start, local_sizes = _local_header(handle, member)
            if stream_all or _looks_tampered(member, local_sizes):
                _check_expansion(handle, member, start)


def _local_header(handle, member: zipfile.ZipInfo) -> tuple[int, tuple[int, int] | None]:
    """Where the part's data starts, and the sizes its local header states (None when deferred)."""
    handle.seek(member.header_offset)
    fields = _LOCAL_HEADER.unpack(handle.read(_LOCAL_HEADER.size))
    if fields[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile(member.filename)
    flags, compress_size, file_size, name_length, extra_length = fields[2], fields[7], fields[8], fields[9], fields[10]
    start = member.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    deferred = flags & 0x8 or 0xFFFFFFFF in (compress_size, file_size)
    return start, None if deferred else (compress_size, file_size)


def _looks_tampered(member: zipfile.ZipInfo, local_sizes: tuple[int, int] | None) -> bool:
    if local_sizes is not None and local_sizes != (member.compress_size, member.file_size):
        return True
    if member.compress_type == _STORED:
        return member.file_size != member.compress_size
    # Deflate never shrinks workbook XML to less than its own size, nor packs it beyond about 20 to 1.
    return member.file_size < member.compress_size or member.file_size > _SUSPICIOUS_RATIO * member.compress_size


def _check_expansion(handle, member: zipfile.ZipInfo, start: int) -> None:
    declared = member.file_size
    if member.compress_type == _STORED:
        if member.compress_size != declared:
            raise UnreadableContent(understated_size(member.filename, declared))
        return
    handle.seek(start)
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    left = member.compress_size
    pending = b""
    while left > 0 or pending:
        if not pending:
            pending = handle.read(min(_STREAM_CHUNK, left))
            if not pending:
                break
            left -= len(pending)
        # One byte beyond the declared size is enough to know the directory lies.
        produced += len(inflate.decompress(pending, declared - produced + 1))
        pending = inflate.unconsumed_tail
        if produced > declared:
            raise UnreadableContent(understated_size(member.filename, declared))
        if inflate.eof:
            break


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
            return "ods"
        raise UnreadableContent(f"this is {_ODF_OTHERS.get(mimetype, 'an OpenDocument file')}, not a spreadsheet")
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "xl/workbook.xml" in names:
        content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        return "xlsm" if b"macroEnabled" in content_types else "xlsx"
    for member, what in _ZIP_KINDS:
        if member in names:
            raise UnreadableContent(f"this is {what}, not a spreadsheet")
    raise UnreadableContent("this is a zip archive, not a workbook")


def _refuse_xml_declarations(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Refuse DTDs: a real workbook never declares entities, and entity tricks (billion laughs) need them."""
    for member in members:
        if not member.filename.endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(member) as part:
            prolog = part.read(_PROLOG_LIMIT)
        root = _ROOT_TAG.search(prolog)
        before_root = prolog if root is None else prolog[:root.start()]
        if _DECLARATIONS.search(before_root):
            raise UnreadableContent(
                f"part {member.filename} declares XML entities, which workbooks never do: refusing to open it")


def _ole_format(path: Path) -> str:
    """Old-style Office files; an encrypted .xlsx is also stored this way."""
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise UnreadableContent(ENCRYPTED)
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    if "WordDocument".encode("utf-16-le") in data:
        raise UnreadableContent("this is an old-style Word document, not a spreadsheet")
    raise UnreadableContent("this is an old-style Office file but not an Excel workbook")


def _text_format(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<table" in text[:2048]:
        raise UnreadableContent("this is a web page (HTML) with a spreadsheet's name: "
                                "open it in Excel, save it as .xlsx, then import")
    if text.startswith(b"<?xml"):
        if _SPREADSHEET_2003 in head:
            raise UnreadableContent("this is an Excel 2003 XML spreadsheet: "
                                    "open it in Excel, save it as .xlsx, then import")
        raise UnreadableContent("this is an XML file, not a spreadsheet")
    if b"\x00" in head[:-1] and not _looks_utf16(head):
        raise UnreadableContent("this is not a spreadsheet (unrecognised binary content)")
    return "csv"


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 text without a byte-order mark: every other byte is zero."""
    sample = head[:512]
    return len(sample) >= 4 and (sample[1::2].count(0) > len(sample) * 0.4 or sample[0::2].count(0) > len(sample) * 0.4)
