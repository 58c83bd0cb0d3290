namespace Quarry.Core.Readers;

/// <summary>Turns whatever the OpenXML SDK throws for a damaged package into a <see cref="DocumentReadException"/>.</summary>
public static class OpenXmlErrors
{
    /// <summary>
    /// True for exceptions that mean "this package is damaged". The SDK throws many types for bad content
    /// (OpenXmlPackageException, XmlException, InvalidDataException, FormatException, ...); only cancellation, our own
    /// exceptions and running out of memory pass through.
    /// </summary>
    public static bool IsDamage(Exception e) =>
        e is not (OperationCanceledException or DocumentReadException or OutOfMemoryException);

    public static DocumentReadException Corrupt(Exception e, string what) =>
        new(DocumentErrorCodes.CorruptFile, $"The {what} could not be read: {e.Message}", e);
}
