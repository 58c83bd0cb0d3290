using System.Xml;

namespace Quarry.Core.Readers;

/// <summary>
/// One way to read untrusted XML everywhere (XML files, the parts of DOCX and XLSX): DTDs are refused outright,
/// which rules out entity expansion ("billion laughs") and external entities, and nothing is ever resolved.
/// </summary>
public static class XmlSafety
{
    public static XmlReaderSettings Settings(long maxChars = 0) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = maxChars,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <summary>
    /// The <see cref="DocumentReadException"/> for an XML failure. .NET tells the cases apart only by message (with
    /// invariant globalization, always the English one): a DTD and the size limit get their own wording and code.
    /// </summary>
    public static DocumentReadException Failure(XmlException e, string what)
    {
        if (e.Message.Contains("DTD", StringComparison.Ordinal))
            return new DocumentReadException(DocumentErrorCodes.CorruptFile,
                $"The {what} declares a DTD; DTDs are refused because their entities can expand without bound or read other files.", e);
        if (e.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
            return new DocumentReadException(DocumentErrorCodes.FileTooLarge, $"The {what} is larger than the text limit.", e);
        return new DocumentReadException(DocumentErrorCodes.CorruptFile, $"The {what} is not well-formed XML: {e.Message}", e);
    }
}
