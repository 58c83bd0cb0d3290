using System.Buffers.Binary;
using System.Text;

namespace Quarry.Core.Tests;

/// <summary>
/// A real (if minimal) Excel 97–2003 workbook: a BIFF8 "Workbook" stream in an OLE compound file, with one sheet of
/// LABEL (text) and NUMBER cells, and one XF (cell format) record per number format the cells use.
/// </summary>
internal static class TestXls
{
    public abstract record XlsCell(int Row, int Column);
    public sealed record Label(int Row, int Column, string Text) : XlsCell(Row, Column);
    public sealed record Num(int Row, int Column, double Value, ushort Format = 0) : XlsCell(Row, Column);

    public static byte[] Workbook(string sheetName, params XlsCell[] cells)
    {
        // XF 0 is General; each other number format gets the next XF.
        var formats = new List<ushort> { 0 };
        formats.AddRange(cells.OfType<Num>().Select(n => n.Format).Where(f => f != 0).Distinct());
        var sheet = new MemoryStream();
        Record(sheet, 0x0809, Bof(0x0010));
        foreach (var cell in cells)
        {
            switch (cell)
            {
                case Label l:
                    var text = Encoding.Latin1.GetBytes(l.Text);
                    var label = new byte[6 + 3 + text.Length];
                    Rc(label, l.Row, l.Column, 0);
                    BinaryPrimitives.WriteUInt16LittleEndian(label.AsSpan(6), (ushort)text.Length);
                    label[8] = 0; // 8-bit characters
                    text.CopyTo(label, 9);
                    Record(sheet, 0x0204, label);
                    break;
                case Num n:
                    var number = new byte[14];
                    Rc(number, n.Row, n.Column, (ushort)formats.IndexOf(n.Format));
                    BinaryPrimitives.WriteDoubleLittleEndian(number.AsSpan(6), n.Value);
                    Record(sheet, 0x0203, number);
                    break;
            }
        }
        Record(sheet, 0x000A, []);

        var name = Encoding.Latin1.GetBytes(sheetName);
        var globals = new MemoryStream();
        Record(globals, 0x0809, Bof(0x0005));
        Record(globals, 0x0042, [0xE4, 0x04]); // code page 1252
        foreach (var format in formats)
        {
            var xf = new byte[20];
            BinaryPrimitives.WriteUInt16LittleEndian(xf.AsSpan(2), format);
            Record(globals, 0x00E0, xf);
        }
        var boundSheetAt = globals.Length;
        var boundSheet = new byte[6 + 2 + name.Length];
        name.CopyTo(boundSheet, 8);
        boundSheet[6] = (byte)name.Length;
        Record(globals, 0x0085, boundSheet);
        Record(globals, 0x000A, []);

        // The sheet follows the globals; BOUNDSHEET points at its BOF.
        var stream = globals.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(stream.AsSpan((int)boundSheetAt + 4), (uint)stream.Length);
        return TestOle.Build(("Workbook", stream.Concat(sheet.ToArray()).ToArray()));
    }

    private static byte[] Bof(ushort type)
    {
        var bof = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(bof, 0x0600);       // BIFF8
        BinaryPrimitives.WriteUInt16LittleEndian(bof.AsSpan(2), type);
        BinaryPrimitives.WriteUInt16LittleEndian(bof.AsSpan(4), 0x0DBB);
        BinaryPrimitives.WriteUInt16LittleEndian(bof.AsSpan(6), 0x07CC);
        return bof;
    }

    private static void Rc(byte[] record, int row, int column, ushort xf)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(record, (ushort)row);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(2), (ushort)column);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(4), xf);
    }

    private static void Record(Stream s, ushort type, byte[] data)
    {
        Span<byte> head = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(head, type);
        BinaryPrimitives.WriteUInt16LittleEndian(head[2..], (ushort)data.Length);
        s.Write(head);
        s.Write(data);
    }
}
