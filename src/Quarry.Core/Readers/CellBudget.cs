using System.Globalization;

namespace Quarry.Core.Readers;

/// <summary>How many cells a document may still hold: one budget for all its sheets.</summary>
public sealed class CellBudget(ReaderLimits limits, string what)
{
    private readonly long _max = TextLayout.MaxCells(limits);
    private long _used;

    public void Take()
    {
        if (++_used > _max)
            throw new DocumentReadException(DocumentErrorCodes.FileTooLarge,
                string.Create(CultureInfo.InvariantCulture, $"The {what} holds more than {_max} cells; the limit follows from the text limit of {limits.MaxTextChars} characters."));
    }
}
