using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using UnionOne.Modules.Libraries.Loans;
using UnionOne.Modules.Libraries.Places;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Platform.Problems;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Libraries.Sip2;

/// <summary>What one SIP2 connection knows: which account logged in (and so which library), and the last answer (for 97).</summary>
internal sealed class Sip2Session
{
    public Sip2Account? Account { get; set; }

    public string LibraryName { get; set; } = "";

    public int FailedLogins { get; set; }

    public string? LastResponse { get; set; }

    public bool Closing { get; set; }
}

/// <summary>
/// Answers SIP2 requests with the library rules of <see cref="Lending"/>. A frame that cannot be read (wrong checksum,
/// truncated, unknown command, missing error detection when required) is answered with 96 and changes nothing.
/// Patron identifier (AA) = member number; item identifier (AB) = copy barcode.
/// </summary>
internal sealed class Sip2Desk(
    Lending lending,
    IMemberDirectory members,
    ILibraryPlaces places,
    IOptionsMonitor<Sip2Options> options,
    TimeProvider clock,
    IStringLocalizer<LibrariesText> l,
    ILogger<Sip2Desk> logger)
{
    /// <summary>Supported messages (BX): patron status, checkout, checkin, SC/ACS status, resend, login, end session, item information.</summary>
    public const string Supported = "YYYNYYYNYNYNNNNN";

    public async Task<string> HandleAsync(Sip2Session session, string frame, CancellationToken ct)
    {
        var parsed = Sip2Codec.Parse(frame);
        if (!parsed.Ok)
        {
            logger.LogWarning("SIP2 frame refused ({Error}: {Detail}); answered 96", parsed.Error, parsed.Detail);
            return Sip2Codec.ResendRequest();
        }
        var request = parsed.Message!;
        if (request.Command == "97")
            return session.LastResponse ?? Sip2Codec.ResendRequest();
        if (options.CurrentValue.RequireChecksum && !request.HasChecksum)
        {
            logger.LogWarning("SIP2 frame {Command} without error detection refused; answered 96", request.Command);
            return Sip2Codec.ResendRequest();
        }
        Sip2Message? response;
        try
        {
            response = request.Command switch
            {
                "93" => await LoginAsync(session, request, ct),
                "99" => Status(session),
                "23" => await PatronStatusAsync(session, request, ct),
                "11" => await CheckoutAsync(session, request, ct),
                "09" => await CheckinAsync(session, request, ct),
                "17" => await ItemInformationAsync(session, request, ct),
                "35" => EndSession(session, request),
                _ => null, // a response code sent to the server
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "SIP2 {Command} failed", request.Command);
            response = Refusal(session, request.Command, request, l["系统繁忙，请稍后再试"]);
        }
        if (response is null) return Sip2Codec.ResendRequest();
        var text = Sip2Codec.Format(response, request.Sequence ?? (request.HasChecksum ? 0 : null));
        session.LastResponse = text;
        return text;
    }

    private async Task<Sip2Message> LoginAsync(Sip2Session session, Sip2Message request, CancellationToken ct)
    {
        var user = request["CN"] ?? "";
        var password = request["CO"] ?? "";
        var account = options.CurrentValue.Accounts.FirstOrDefault(a => a.UserId == user);
        var ok = account is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(account.Password), Encoding.UTF8.GetBytes(password));
        LibraryPlace? place = ok ? await places.FindAsync(account!.LibraryPlaceId, ct) : null;
        if (place is null)
        {
            session.Account = null;
            session.FailedLogins++;
            if (session.FailedLogins >= options.CurrentValue.MaxFailedLogins) session.Closing = true;
            logger.LogWarning("SIP2 login refused for device user {User}", user.Length > 40 ? user[..40] : user);
            return Sip2Message.Create("94", "0");
        }
        session.Account = account;
        session.LibraryName = place.Name;
        session.FailedLogins = 0;
        return Sip2Message.Create("94", "1");
    }

    private async Task<MemberRef?> MemberByCodeAsync(string code, CancellationToken ct)
    {
        try
        {
            return await lending.RequireMemberAsync(code, ct);
        }
        catch (Exception e) when (e is InputValidationException or BusinessRuleException)
        {
            return null;
        }
    }

    private Sip2Message Status(Sip2Session session) =>
        Sip2Message.Create("98", "YYYNNN" + "030" + "003" + Now() + "2.00",
            ("AO", Institution), ("AM", session.LibraryName), ("AN", session.Account?.UserId ?? ""), ("BX", Supported));

    private async Task<Sip2Message> PatronStatusAsync(Sip2Session session, Sip2Message request, CancellationToken ct)
    {
        var patronId = (request["AA"] ?? "").Trim();
        if (session.Account is null) return Refusal(session, "23", request, l["设备尚未登录，请先发送登录消息（93）"]);
        // A self-check machine that scans the member code (一码通办) sends the code as the patron id.
        var member = patronId.StartsWith("UC1.", StringComparison.Ordinal) ? await MemberByCodeAsync(patronId, ct)
            : patronId.Length is > 0 and <= 20 ? await members.FindByMemberNoAsync(patronId.ToUpperInvariant(), ct) : null;
        if (member is null || member.Status != MemberStatus.Active)
        {
            var why = member is null ? l["未找到该读者（会员号）"] : l["该会员当前不在会，不能借书"];
            return Sip2Message.Create("24", "YYYY          " + "000" + Now(), ("AO", Institution), ("AA", patronId), ("AE", ""), ("BL", "N"), ("AF", why));
        }
        var (open, overdue) = await lending.CountsAsync(member.Id, ct);
        var rules = lending.Rules;
        var tooMany = open >= rules.MaxOpenLoans;
        var blocked = tooMany || (rules.BlockBorrowingWhenOverdue && overdue > 0);
        var status = new StringBuilder(new string(' ', 14));
        if (blocked) status[0] = 'Y';
        status[2] = 'Y'; // recall: not offered
        status[3] = 'Y'; // holds: not offered
        if (tooMany) status[5] = 'Y';
        if (overdue > 0) status[6] = 'Y';
        var message = blocked
            ? (overdue > 0 && rules.BlockBorrowingWhenOverdue ? l["有{0}册图书已逾期，请先归还", overdue] : l["已借{0}册，达到上限", open])
            : l["可借阅，已借{0}册", open];
        return Sip2Message.Create("24", status + "000" + Now(), ("AO", Institution), ("AA", member.MemberNo), ("AE", Mask.Name(member.Name)), ("BL", "Y"), ("AF", message));
    }

    private async Task<Sip2Message> CheckoutAsync(Sip2Session session, Sip2Message request, CancellationToken ct)
    {
        var patronId = request["AA"];
        var itemId = request["AB"];
        if (session.Account is null) return Refusal(session, "11", request, l["设备尚未登录，请先发送登录消息（93）"]);
        try
        {
            var loan = await lending.BorrowAsync(session.Account.LibraryPlaceId, patronId, itemId, LoanChannels.Sip2, ct);
            return Sip2Message.Create("12", "1NUY" + Now(), ("AO", Institution), ("AA", loan.MemberNo), ("AB", loan.Barcode), ("AJ", loan.Title),
                ("AH", loan.DueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                ("AF", l["借阅成功，请于{0}前归还", loan.DueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)]));
        }
        catch (Exception e) when (Reason(e) is { } reason)
        {
            return Refusal(session, "11", request, reason);
        }
    }

    private async Task<Sip2Message> CheckinAsync(Sip2Session session, Sip2Message request, CancellationToken ct)
    {
        var itemId = request["AB"];
        if (session.Account is null) return Refusal(session, "09", request, l["设备尚未登录，请先发送登录消息（93）"]);
        try
        {
            var back = await lending.ReturnAsync(session.Account.LibraryPlaceId, itemId, ct);
            var message = back.OverdueDays > 0 ? l["归还成功，逾期{0}天", back.OverdueDays] : l["归还成功"];
            return Sip2Message.Create("10", "1YUN" + Now(), ("AO", Institution), ("AB", back.Barcode), ("AQ", back.HomePlaceName), ("AJ", back.Title),
                ("AA", back.MemberNo), ("AF", message));
        }
        catch (Exception e) when (Reason(e) is { } reason)
        {
            return Refusal(session, "09", request, reason);
        }
    }

    private async Task<Sip2Message> ItemInformationAsync(Sip2Session session, Sip2Message request, CancellationToken ct)
    {
        var itemId = (request["AB"] ?? "").Trim();
        if (session.Account is null) return Refusal(session, "17", request, l["设备尚未登录，请先发送登录消息（93）"]);
        var copy = itemId.Length is > 0 and <= 32 ? await lending.CopyAsync(itemId, ct) : null;
        if (copy is null)
            return Sip2Message.Create("18", "01" + "00" + "01" + Now(), ("AB", itemId), ("AJ", ""), ("AF", l["未找到该图书"]));
        var circulation = copy.Withdrawn ? "01" : copy.DueOn is not null ? "04" : "03";
        var home = await places.FindAsync(copy.HomePlaceId, ct);
        var here = await places.FindAsync(copy.LocationPlaceId, ct);
        return Sip2Message.Create("18", circulation + "00" + "01" + Now(), ("AB", copy.Barcode), ("AJ", copy.Title),
            ("AH", copy.DueOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            ("AQ", home?.Name ?? ""), ("AP", here?.Name ?? ""));
    }

    private Sip2Message EndSession(Sip2Session session, Sip2Message request) =>
        session.Account is null
            ? Refusal(session, "35", request, l["设备尚未登录，请先发送登录消息（93）"])
            : Sip2Message.Create("36", "Y" + Now(), ("AO", Institution), ("AA", request["AA"] ?? ""), ("AF", l["再见"]));

    /// <summary>The negative answer of each request type, with the reason as screen message (AF).</summary>
    private Sip2Message Refusal(Sip2Session session, string command, Sip2Message request, string reason) => command switch
    {
        "93" => Sip2Message.Create("94", "0"),
        "23" => Sip2Message.Create("24", "YYYY          " + "000" + Now(), ("AO", Institution), ("AA", request["AA"] ?? ""), ("AE", ""), ("BL", "N"), ("AF", reason)),
        "11" => Sip2Message.Create("12", "0NUN" + Now(), ("AO", Institution), ("AA", request["AA"] ?? ""), ("AB", request["AB"] ?? ""), ("AJ", ""), ("AH", ""), ("AF", reason)),
        "09" => Sip2Message.Create("10", "0NUN" + Now(), ("AO", Institution), ("AB", request["AB"] ?? ""), ("AQ", ""), ("AF", reason)),
        "17" => Sip2Message.Create("18", "01" + "00" + "01" + Now(), ("AB", request["AB"] ?? ""), ("AJ", ""), ("AF", reason)),
        "35" => Sip2Message.Create("36", "N" + Now(), ("AO", Institution), ("AA", request["AA"] ?? ""), ("AF", reason)),
        _ => Status(session),
    };

    private static string? Reason(Exception e) => e switch
    {
        BusinessRuleException rule => rule.Message,
        InputValidationException invalid => string.Join(" ", invalid.Errors.Values.SelectMany(v => v)),
        NotFoundException missing => missing.Message,
        _ => null,
    };

    private string Institution => options.CurrentValue.InstitutionId;

    private string Now() => Sip2Codec.Timestamp(LibraryClock.Beijing(clock.GetUtcNow().UtcDateTime));
}
