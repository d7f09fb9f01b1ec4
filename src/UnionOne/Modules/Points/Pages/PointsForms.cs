using UnionOne.Modules.Points.Items;

namespace UnionOne.Modules.Points.Pages;

/// <summary>The item form's fields as typed (the service validates).</summary>
public sealed class ItemForm
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public long? Price { get; set; }

    public int? Stock { get; set; }

    public int? MonthLimit { get; set; }

    public bool OnShelf { get; set; }

    internal ItemRequest ToRequest() => new(Name, Description, Price, Stock, MonthLimit, OnShelf);

    internal static ItemForm From(ItemView item) => new()
    {
        Name = item.Name,
        Description = item.Description,
        Price = item.Price,
        Stock = item.Stock,
        MonthLimit = item.MonthLimit,
        OnShelf = item.OnShelf,
    };
}

/// <summary>Points per event kind as typed; empty means "inherit from the union above".</summary>
public sealed class RulesForm
{
    public string? Activity { get; set; }

    public string? Rating { get; set; }

    public string? Quiz { get; set; }
}

public sealed class AwardForm
{
    public string? MemberNo { get; set; }

    public long? Points { get; set; }

    public string? Reason { get; set; }

    /// <summary>Generated with the page: a double submit awards once.</summary>
    public string? Key { get; set; }
}

public sealed class CollectForm
{
    public string? Code { get; set; }
}
