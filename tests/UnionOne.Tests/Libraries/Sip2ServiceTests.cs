using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.Libraries.Sip2;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Libraries;

/// <summary>The platform with its SIP2 service on an ephemeral loopback port and one self-check account.</summary>
public sealed class Sip2App : UnionOneApp
{
    public const long LibraryPlaceId = 910001;
    public const string DeviceUser = "selfcheck-01";
    public const string DevicePassword = "Sip2-Passw0rd";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Libraries:Sip2:Enabled"] = "true",
        ["Libraries:Sip2:Port"] = "0",
        ["Libraries:Sip2:BindAddress"] = "127.0.0.1",
        ["Libraries:Sip2:IdleTimeoutSeconds"] = "30",
        ["Libraries:Sip2:InstitutionId"] = "TZ-ALLIANCE",
        ["Libraries:Sip2:Accounts:0:UserId"] = DeviceUser,
        ["Libraries:Sip2:Accounts:0:Password"] = DevicePassword,
        ["Libraries:Sip2:Accounts:0:LibraryPlaceId"] = LibraryPlaceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Libraries:RemindersEnabled"] = "false",
    };

    internal IPEndPoint Sip2EndPoint => Services.GetRequiredService<Sip2Server>().LocalEndPoint ?? throw new InvalidOperationException("SIP2 is not listening");

    internal Task<Sip2Client> ConnectAsync() => Sip2Client.ConnectAsync(Sip2EndPoint.Address.ToString(), Sip2EndPoint.Port);
}

public sealed class Sip2ServiceTests(Sip2App app) : IClassFixture<Sip2App>
{
    private static readonly SemaphoreSlim Setup = new(1, 1);
    private static (string MemberNo, LibraryWorld World)? shared;

    /// <summary>The library behind the device account (created once per fixture) and a new title with one copy.</summary>
    private async Task<(string MemberNo, string Barcode)> ArrangeAsync()
    {
        await Setup.WaitAsync();
        try
        {
            if (shared is null)
            {
                var world = await LibraryWorld.CreateAsync(app);
                var staff = await app.StaffApiAsync(world.OfficerA);
                await app.CreateLibraryAsync(staff, world.FactoryA, "纺织厂职工书屋", Sip2App.LibraryPlaceId);
                shared = ((await app.MemberAsync(world.FactoryA)).MemberNo, world);
            }
            var officer = await app.StaffApiAsync(shared.Value.World.OfficerA);
            var barcode = (await officer.AddTitleAsync(Sip2App.LibraryPlaceId, "9787020002207", "红楼梦"))[0];
            return (shared.Value.MemberNo, barcode);
        }
        finally
        {
            Setup.Release();
        }
    }

    [Fact]
    public async Task A_self_check_logs_in_checks_a_patron_and_checks_a_book_out_and_back_in()
    {
        var (memberNo, barcode) = await ArrangeAsync();
        await using var client = await app.ConnectAsync();
        client.Institution = "TZ-ALLIANCE";

        (await client.LoginAsync(Sip2App.DeviceUser, "wrong-password")).ShouldBeFalse();
        (await client.LoginAsync(Sip2App.DeviceUser, Sip2App.DevicePassword)).ShouldBeTrue();

        var status = await client.StatusAsync();
        status.Command.ShouldBe("98");
        status.FixedAt(0, 3).ShouldBe("YYY");
        status["AM"].ShouldBe("纺织厂职工书屋");
        status["BX"].ShouldBe(Sip2Desk.Supported);

        var patron = await client.PatronStatusAsync(memberNo);
        patron.Valid.ShouldBeTrue();
        patron.MayBorrow.ShouldBeTrue();
        patron.Name.ShouldContain("*");
        var stranger = await client.PatronStatusAsync("M0000000000");
        stranger.Valid.ShouldBeFalse();
        stranger.ScreenMessage.ShouldBe("未找到该读者（会员号）");

        var checkout = await client.CheckoutAsync(memberNo, barcode);
        checkout.Ok.ShouldBeTrue(checkout.ScreenMessage);
        checkout.Title.ShouldBe("红楼梦");
        checkout.DueDate.ShouldBe(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(30).ToString("yyyy-MM-dd"));
        (await LoanChannelAsync(barcode)).ShouldBe("sip2");

        (await client.ItemInformationAsync(barcode)).CirculationStatus.ShouldBe("04");
        var twice = await client.CheckoutAsync(memberNo, barcode);
        twice.Ok.ShouldBeFalse();
        twice.ScreenMessage.ShouldBe("该册图书已借出，尚未归还");

        var checkin = await client.CheckinAsync(barcode);
        checkin.Ok.ShouldBeTrue(checkin.ScreenMessage);
        checkin.HomeLibrary.ShouldBe("纺织厂职工书屋");
        (await client.ItemInformationAsync(barcode)).CirculationStatus.ShouldBe("03");

        // Returning a book that is not on loan: refused with the reason, nothing changed.
        var before = await LoansAsync(barcode);
        var again = await client.CheckinAsync(barcode);
        again.Ok.ShouldBeFalse();
        again.ScreenMessage.ShouldBe($"该册图书（{barcode}）当前未被借出，无需归还");
        (await LoansAsync(barcode)).ShouldBe(before);

        (await client.EndSessionAsync(memberNo)).ShouldBeTrue();
    }

    [Fact]
    public async Task Requests_before_login_are_refused_with_a_reason()
    {
        var (memberNo, barcode) = await ArrangeAsync();
        await using var client = await app.ConnectAsync();

        var checkout = await client.CheckoutAsync(memberNo, barcode);

        checkout.Ok.ShouldBeFalse();
        checkout.ScreenMessage.ShouldBe("设备尚未登录，请先发送登录消息（93）");
        (await LoansAsync(barcode)).ShouldBe(0);
    }

    [Fact]
    public async Task Malformed_frames_get_a_resend_request_and_change_nothing()
    {
        var (memberNo, barcode) = await ArrangeAsync();
        await using var client = await app.ConnectAsync();
        (await client.LoginAsync(Sip2App.DeviceUser, Sip2App.DevicePassword)).ShouldBeTrue();
        var checkout = Sip2Codec.Format(Sip2Message.Create("11", "NN" + Sip2Codec.Timestamp(DateTime.Now) + Sip2Codec.Timestamp(DateTime.Now),
            ("AO", "TZ-ALLIANCE"), ("AA", memberNo), ("AB", barcode), ("AC", "")), 4);

        // Wrong checksum (last hex digit changed).
        var wrong = checkout[..^1] + (checkout[^1] == '0' ? '1' : '0');
        (await client.SendRawAsync(wrong)).ShouldBe(Sip2Codec.ResendRequest());
        // Truncated: cut inside the checksum, and cut inside the fixed fields.
        (await client.SendRawAsync(checkout[..^2])).ShouldBe(Sip2Codec.ResendRequest());
        (await client.SendRawAsync(checkout[..20])).ShouldBe(Sip2Codec.ResendRequest());
        // Cut before its error detection (no AY/AZ at all): refused, the service requires checksums.
        (await client.SendRawAsync(checkout[..checkout.IndexOf("AY4", StringComparison.Ordinal)])).ShouldBe(Sip2Codec.ResendRequest());
        // Unknown command.
        (await client.SendRawAsync("XX1AY5AZ" + Sip2Codec.Checksum("XX1AY5AZ"))).ShouldBe(Sip2Codec.ResendRequest());
        (await LoansAsync(barcode)).ShouldBe(0);

        // The intact frame then works, and 97 has the service send its last answer again.
        var answer = await client.SendRawAsync(checkout);
        Sip2Codec.Parse(answer).Message!.FixedAt(0, 1).ShouldBe("1", answer);
        (await client.SendRawAsync("97AZ" + Sip2Codec.Checksum("97AZ"))).ShouldBe(answer);
        (await LoansAsync(barcode)).ShouldBe(1);
    }

    [Fact]
    public async Task A_frame_cut_off_by_a_dropped_connection_is_never_acted_on()
    {
        var (memberNo, barcode) = await ArrangeAsync();
        await using (var client = await app.ConnectAsync())
        {
            (await client.LoginAsync(Sip2App.DeviceUser, Sip2App.DevicePassword)).ShouldBeTrue();
            var checkout = Sip2Codec.Format(Sip2Message.Create("11", "NN" + Sip2Codec.Timestamp(DateTime.Now) + Sip2Codec.Timestamp(DateTime.Now),
                ("AO", "TZ-ALLIANCE"), ("AA", memberNo), ("AB", barcode), ("AC", "")), 1);
            await client.WriteRawAsync(checkout); // no CR: the frame never ends
        }
        await Task.Delay(300);
        (await LoansAsync(barcode)).ShouldBe(0);

        // A fresh connection works normally afterwards.
        await using var next = await app.ConnectAsync();
        (await next.LoginAsync(Sip2App.DeviceUser, Sip2App.DevicePassword)).ShouldBeTrue();
        (await next.CheckoutAsync(memberNo, barcode)).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task Three_failed_logins_close_the_connection()
    {
        await using var client = await app.ConnectAsync();
        (await client.LoginAsync(Sip2App.DeviceUser, "nope-1")).ShouldBeFalse();
        (await client.LoginAsync("someone", "nope-2")).ShouldBeFalse();
        (await client.LoginAsync(Sip2App.DeviceUser, "nope-3")).ShouldBeFalse();
        await Should.ThrowAsync<Exception>(() => client.LoginAsync(Sip2App.DeviceUser, Sip2App.DevicePassword));
    }

    private async Task<long> LoansAsync(string barcode)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>(
            "select count(*) from libraries.loans l join libraries.copies c on c.id = l.copy_id where c.barcode = @barcode", new { barcode });
    }

    private async Task<string?> LoanChannelAsync(string barcode)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<string>(
            "select l.channel from libraries.loans l join libraries.copies c on c.id = l.copy_id where c.barcode = @barcode order by l.id desc limit 1", new { barcode });
    }
}
