namespace Quarry.Core.Readers;

/// <summary>A file that cannot be read. <see cref="Code"/> is one of <see cref="DocumentErrorCodes"/>, shown to users as <c>error.code</c>.</summary>
public sealed class DocumentReadException(string code, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Code { get; } = code;
}

public static class DocumentErrorCodes
{
    public const string CorruptFile = "corrupt_file";
    public const string EncryptedFile = "encrypted_file";
    public const string UnsupportedFormat = "unsupported_format";
    public const string FileTooLarge = "file_too_large";
    public const string OcrUnavailable = "ocr_unavailable";
    public const string ArchiveLimitExceeded = "archive_limit_exceeded";
    public const string PageLimitExceeded = "page_limit_exceeded";
    public const string InternalError = "internal_error";
}
