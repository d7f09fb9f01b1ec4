namespace UnionOne.Modules.Members.Import.Reading;

/// <summary>
/// One row of a spreadsheet or CSV file as read: its row number as the person sees it (header = 1) and its
/// cells by column position. Readers reuse one instance; take what you need before reading the next row.
/// </summary>
internal sealed class SourceRow
{
    /// <summary>Columns beyond this are ignored (the template has seven).</summary>
    public const int MaxColumns = 64;

    private readonly string?[] cells = new string?[MaxColumns];

    public int RowNo { get; private set; }

    /// <summary>Number of cell positions in use (one past the last non-empty cell).</summary>
    public int Width { get; private set; }

    /// <summary>Bit i set: cell i was stored as a number (Excel), e.g. an ID number that lost its last digits.</summary>
    public ulong NumericMask { get; private set; }

    public string? this[int column] => column >= 0 && column < Width ? cells[column] : null;

    public bool IsNumeric(int column) => column is >= 0 and < MaxColumns && (NumericMask & (1UL << column)) != 0;

    public bool IsEmpty
    {
        get
        {
            for (var i = 0; i < Width; i++)
                if (!string.IsNullOrWhiteSpace(cells[i])) return false;
            return true;
        }
    }

    public void Reset(int rowNo)
    {
        Array.Clear(cells, 0, Width);
        RowNo = rowNo;
        Width = 0;
        NumericMask = 0;
    }

    public void Set(int column, string? value, bool numeric = false)
    {
        if (column is < 0 or >= MaxColumns || string.IsNullOrEmpty(value)) return;
        cells[column] = value;
        if (column >= Width) Width = column + 1;
        if (numeric) NumericMask |= 1UL << column;
    }
}

/// <summary>Reads the rows of an import file in order, streaming.</summary>
internal interface IRowSource : IDisposable
{
    /// <summary>Rows in file order; the same <see cref="SourceRow"/> instance is reused for every row.</summary>
    IEnumerable<SourceRow> ReadRows(CancellationToken ct);
}
