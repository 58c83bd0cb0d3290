using System.IO.Compression;

namespace Quarry.Core.Readers;

/// <summary>
/// Looks inside a ZIP to tell Office Open XML documents (which are ZIPs) from archives. The stream must be seekable;
/// its position is restored. A ZIP that cannot be opened stays a ZIP, for the archive reader to report precisely.
/// </summary>
public static class ContainerProbe
{
    public static SniffResult Refine(Stream file, SniffResult sniffed)
    {
        if (sniffed.Kind != "zip" || !file.CanSeek)
            return sniffed;
        var position = file.Position;
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            var names = zip.Entries.Take(5000).Select(e => e.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (names.Contains("word/document.xml"))
                return new SniffResult("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");
            if (names.Contains("xl/workbook.xml"))
                return names.Contains("xl/vbaProject.bin")
                    ? new SniffResult("application/vnd.ms-excel.sheet.macroEnabled.12", "xlsx")
                    : new SniffResult("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");
            return sniffed;
        }
        catch (InvalidDataException)
        {
            return sniffed;
        }
        finally
        {
            file.Position = position;
        }
    }
}
