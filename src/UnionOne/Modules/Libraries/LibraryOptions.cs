using Microsoft.Extensions.Options;

namespace UnionOne.Modules.Libraries;

/// <summary>Lending rules of the worker-library network (section "Libraries"), the same at every library.</summary>
internal sealed class LibraryOptions
{
    public const string Section = "Libraries";

    /// <summary>Days from borrowing (or renewing) to the due date.</summary>
    public int LoanDays { get; set; } = 30;

    /// <summary>How many times one loan may be renewed.</summary>
    public int MaxRenewals { get; set; } = 2;

    /// <summary>A loan more than this many days overdue can no longer be renewed (0: no renewal once overdue).</summary>
    public int RenewalGraceDays { get; set; }

    /// <summary>Books one member may have out at once.</summary>
    public int MaxOpenLoans { get; set; } = 10;

    /// <summary>Whether a member with an overdue book may borrow another.</summary>
    public bool BlockBorrowingWhenOverdue { get; set; } = true;

    /// <summary>Overdue reminders by SMS: the hosted sweep runs when enabled.</summary>
    public bool RemindersEnabled { get; set; } = true;

    /// <summary>Minutes between two sweeps of the hosted reminder service.</summary>
    public int ReminderSweepMinutes { get; set; } = 60;

    /// <summary>Days between two reminders for the same overdue loan.</summary>
    public int ReminderRepeatDays { get; set; } = 7;
}

internal sealed class LibraryOptionsValidator : IValidateOptions<LibraryOptions>
{
    public ValidateOptionsResult Validate(string? name, LibraryOptions o)
    {
        var errors = new List<string>();
        if (o.LoanDays is < 1 or > 365) errors.Add("Libraries:LoanDays must be between 1 and 365.");
        if (o.MaxRenewals is < 0 or > 20) errors.Add("Libraries:MaxRenewals must be between 0 and 20.");
        if (o.RenewalGraceDays is < 0 or > 365) errors.Add("Libraries:RenewalGraceDays must be between 0 and 365.");
        if (o.MaxOpenLoans is < 1 or > 100) errors.Add("Libraries:MaxOpenLoans must be between 1 and 100.");
        if (o.ReminderSweepMinutes is < 1 or > 1440) errors.Add("Libraries:ReminderSweepMinutes must be between 1 and 1440.");
        if (o.ReminderRepeatDays is < 1 or > 60) errors.Add("Libraries:ReminderRepeatDays must be between 1 and 60.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>China Standard Time (UTC+8): due dates are Beijing calendar days.</summary>
internal static class LibraryClock
{
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));

    /// <summary>A calendar day as a query parameter (Dapper cannot send DateOnly; SQL casts it back with ::date).</summary>
    public static DateTime Sql(DateOnly date) => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

    public static DateTime Beijing(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).AddHours(8);
}
