using System.Text;

namespace Quarry.Core.Readers;

/// <summary>
/// RFC 4180 records: fields apart by a delimiter, records by CR LF, LF or CR; a field in double quotes may hold the
/// delimiter, line breaks and doubled quotes. Real files bend the rules, so the parser never fails: a quote inside
/// an unquoted field is a character, text after a closing quote is kept, an unclosed quote runs to the end.
/// </summary>
public static class CsvParser
{
    public static IEnumerable<List<string>> Parse(string text, char delimiter)
    {
        var i = 0;
        var field = new StringBuilder();
        var record = new List<string>();
        while (i < text.Length)
        {
            // One field.
            field.Clear();
            if (text[i] == '"')
            {
                i++;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
            }
            while (i < text.Length && text[i] != delimiter && text[i] != '\n' && text[i] != '\r')
                field.Append(text[i++]);
            record.Add(field.ToString());

            if (i < text.Length && text[i] == delimiter)
            {
                i++;
                // A delimiter at the very end still opens one last (empty) field.
                if (i == text.Length)
                    record.Add("");
                continue;
            }
            // CR LF, LF or CR ends the record.
            if (i < text.Length && text[i] == '\r')
            {
                i++;
                if (i < text.Length && text[i] == '\n')
                    i++;
            }
            else if (i < text.Length && text[i] == '\n')
            {
                i++;
            }
            yield return record;
            record = [];
        }
        if (record.Count > 0)
            yield return record;
    }
}
