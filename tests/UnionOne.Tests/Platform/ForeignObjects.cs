using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Activities;
using UnionOne.Tests.Bookings;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Libraries;
using UnionOne.Tests.Members;
using UnionOne.Tests.Members.Import;
using UnionOne.Tests.Merchants;
using UnionOne.Tests.Places;
using UnionOne.Tests.Places.Stations;
using UnionOne.Tests.Points;
using UnionOne.Tests.Polls;
using UnionOne.Tests.Quizzes;
using UnionOne.Tests.SubsidyEvents;
using UnionOne.Tests.Wallet;

namespace UnionOne.Tests.Platform;

/// <summary>
/// Real objects of district A (and of a member of a union in district A), one per kind, made the way the app makes them
/// (through its API as district A's chair or as the member, or one row where the API needs a long setup), created on first
/// use. <see cref="Kinds"/> is the table "how to create a real object of this kind"; <see cref="Routes"/> says which kind
/// each route parameter names. A route parameter missing from <see cref="Routes"/> fails the object-level matrix test.
/// </summary>
internal sealed class ForeignObjects(UnionOneApp app, MemberWorld org, HttpClient chairA, long chairAId, TestMember memberA, TestMember otherMemberA, long factoryA2)
{
    private readonly Dictionary<string, long> made = [];

    /// <summary>Route prefix up to and including a parameter (constraints removed) → the kind of object it names.</summary>
    public static readonly IReadOnlyDictionary<string, string> Routes = new Dictionary<string, string>
    {
        // member-class routes
        ["/api/v1/activities/for-me/{id}"] = "activity",
        ["/api/v1/activities/{id}"] = "activity",
        ["/api/v1/activities/sign-ups/{signupId}"] = "signup",
        ["/api/v1/bookings/places/{placeId}"] = "place",
        ["/api/v1/bookings/resources/{resourceId}"] = "resource",
        ["/api/v1/bookings/{id}"] = "booking",
        ["/api/v1/me/loans/{loanId}"] = "loan",
        ["/api/v1/places/{placeId}"] = "station",
        ["/api/v1/points/me/redemptions/{id}"] = "redemption",
        ["/api/v1/polls/me/{pollId}"] = "poll",
        ["/api/v1/quizzes/me/{quizId}"] = "quiz",
        ["/api/v1/quizzes/me/attempts/{attemptId}"] = "attempt",
        ["/api/v1/subsidy-events/{id}"] = "subsidy-event",
        ["/api/v1/subsidy-events/mine/{id}"] = "subsidy-event-applied",
        ["/api/v1/wallet/me/payments/{id}"] = "payment",
        // staff-class routes
        ["/api/v1/activities/{id}/signups/{signupId}"] = "signup",
        ["/api/v1/booking-resources/{id}"] = "resource",
        ["/api/v1/devices/{id}"] = "device",
        ["/api/v1/join-requests/{id}"] = "join-request",
        ["/api/v1/libraries/{placeId}"] = "library",
        ["/api/v1/libraries/{placeId}/loans/{loanId}"] = "loan",
        ["/api/v1/libraries/{placeId}/titles/{titleId}"] = "title",
        ["/api/v1/member-imports/{id}"] = "member-import",
        ["/api/v1/members/{id}"] = "member",
        ["/api/v1/members/{memberId}"] = "member",
        ["/api/v1/merchants/batches/{id}"] = "merchant-batch",
        ["/api/v1/merchants/tills/{tillId}"] = "till",
        ["/api/v1/merchants/{id}"] = "merchant",
        ["/api/v1/places/{id}"] = "place",
        ["/api/v1/places/{id}/photos/{photoId}"] = "place-photo",
        ["/api/v1/points/items/{id}"] = "points-item",
        ["/api/v1/points/redemptions/{id}"] = "redemption",
        ["/api/v1/points/unions/{unionId}"] = "district",
        ["/api/v1/points/unions/{unionId}/rules/{kind}"] = "=1",
        ["/api/v1/polls/{id}"] = "poll",
        ["/api/v1/quizzes/{id}"] = "quiz",
        ["/api/v1/quizzes/banks/{id}"] = "quiz-bank",
        ["/api/v1/quizzes/banks/{id}/questions/{questionId}"] = "quiz-question",
        ["/api/v1/staff/{id}"] = "staff",
        ["/api/v1/staff/{id}/roles/{unionId}"] = "district",
        ["/api/v1/stations/inspections/photos/{photoId}"] = "inspection-photo",
        ["/api/v1/stations/inspections/{id}"] = "inspection",
        ["/api/v1/stations/{placeId}"] = "station",
        ["/api/v1/transfers/{id}"] = "member-transfer",
        ["/api/v1/unions/{id}"] = "factory",
        ["/api/v1/wallet/coupons/{id}"] = "coupon",
        ["/api/v1/wallet/disbursements/uploads/{uploadId}"] = "disbursement-upload",
        ["/api/v1/wallet/disbursements/{id}"] = "disbursement",
        ["/api/v1/wallet/funds/{unionId}"] = "district",
        ["/api/v1/wallet/merchants/{merchantId}"] = "merchant",
        ["/api/v1/wallet/settlement-runs/{id}"] = "settlement-run",
    };

    /// <summary>How to create a real object of each kind in district A; returns its id.</summary>
    private Dictionary<string, Func<Task<long>>> Kinds => new()
    {
        ["district"] = () => Task.FromResult(org.DistrictA),
        ["factory"] = () => Task.FromResult(org.FactoryA),
        ["member"] = () => Task.FromResult(memberA.Id),
        ["staff"] = () => Task.FromResult(org.OfficerA),
        ["place"] = () => app.InsertPlaceAsync(org.DistrictA, PlaceKind.WorkersHome, TestActors.Unique("甲区职工之家"), PlaceAdmission.SubtreeMembers),
        ["station"] = () => app.InsertPlaceAsync(org.DistrictA, PlaceKind.OutdoorStation, TestActors.Unique("甲区环卫驿站"), PlaceAdmission.SubtreeMembers),
        ["place-photo"] = async () => await ScalarAsync(
            "insert into places.place_photos (place_id, content_type, bytes, uploaded_by) values (@place, 'image/png', @bytes, @chairAId) returning id",
            new { place = await GetAsync("place"), bytes = StationTestData.Png, chairAId }),
        ["resource"] = async () => await chairA.CreateResourceAsync(await GetAsync("place"), TestActors.Unique("茶室")),
        ["booking"] = async () => await memberA.Api.BookedAsync(await app.SlotAsync(await GetAsync("resource"), BookingTestKit.Day(2), 10)),
        ["library"] = () => app.CreateLibraryAsync(chairA, org.DistrictA),
        ["title"] = async () =>
        {
            var library = await GetAsync("library");
            await chairA.AddTitleAsync(library, "9787020002207", "红楼梦", copies: 2);
            return await ScalarAsync("select id from libraries.titles where library_place_id = @library order by id limit 1", new { library });
        },
        ["loan"] = async () =>
        {
            var library = await GetAsync("library");
            var barcode = (await chairA.AddTitleAsync(library, "9787101111118", "呐喊"))[0];
            await OkAsync(await chairA.PostAsJsonAsync($"/api/v1/libraries/{library}/loans", new { memberNo = memberA.MemberNo, barcode }), "loan");
            return await ScalarAsync("select id from libraries.loans where member_id = @Id order by id desc limit 1", new { memberA.Id });
        },
        ["device"] = async () =>
        {
            var place = await GetAsync("place");
            await OkAsync(await chairA.PostAsJsonAsync("/api/v1/devices", new { name = "甲区闸机", placeId = place }), "device");
            return await ScalarAsync("select id from member_code.devices where place_id = @place", new { place });
        },
        ["join-request"] = async () =>
        {
            var phone = MemberTestData.Phone();
            await OkAsync(await app.JoinAsync(phone, new
            {
                name = "王晓明", idNumber = MemberTestData.IdNumber(), phone, jobType = "企业职工", employerName = "甲区机械厂", joinCode = await app.JoinCodeAsync(org.FactoryA),
            }), "join request");
            return await ScalarAsync("select id from members.join_requests where union_id = @FactoryA order by id desc limit 1", new { org.FactoryA });
        },
        ["member-import"] = async () =>
        {
            var (id, phone) = ImportFiles.NextPerson(org.RegionA);
            var file = ImportFiles.Csv([ImportFiles.Header, ["李华", id, phone, "企业职工", "2024-01-01", "", "甲区机械厂"]], Encoding.UTF8, bom: true);
            return (await chairA.UploadOkAsync(app, org.FactoryA, file, "members.csv")).ImportId;
        },
        ["merchant"] = async () => (await app.CreateActiveMerchantAsync(org.DistrictA, TestActors.Unique("甲区面包房"), MerchantCategory.Bakery, 8500)).MerchantId,
        ["till"] = async () => await ScalarAsync("select id from merchants.tills where merchant_id = @m order by id limit 1", new { m = await GetAsync("merchant") }),
        ["merchant-batch"] = async () => await ScalarAsync("select batch_id from merchants.merchants where id = @m", new { m = await GetAsync("merchant") }),
        ["payment"] = async () =>
        {
            var merchant = await GetAsync("merchant");
            // A second till of the same merchant, whose credential this test holds.
            var till = await chairA.PostAsJsonAsync($"/api/v1/merchants/{merchant}/tills", new { name = "收银台2" });
            await OkAsync(till, "till");
            var credential = (await till.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credential").GetString()!;
            await app.Service<ILedger>().TransferAsync(new LedgerTransfer(TestActors.Unique("topup"), TransferKind.FundTopUp,
                new AccountRef(AccountKind.UnionBank, org.DistrictA), AccountRef.Fund(org.DistrictA), 1_000_000));
            await app.Service<ILedger>().CreditMembersAsync(TestActors.Unique("credit"), AccountRef.Fund(org.DistrictA), [memberA.Id], [50_000], FundTerms.General, null, "测试发放", null);
            var paid = await app.TillClient(credential).PayAsync(await app.PaymentCodeAsync(memberA, org.FactoryA), 1_000, TestActors.Unique("pay"));
            return await IdAsync(paid, "payment");
        },
        ["coupon"] = async () =>
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            return await IdAsync(await chairA.PostAsJsonAsync("/api/v1/wallet/coupons", new
            {
                unionId = org.DistrictA, name = "甲区面包八五折券", category = MerchantCategory.Bakery, discountBasisPoints = 8500, usesPerMonth = 3,
                startsOn = today.AddDays(-1).ToString("yyyy-MM-dd"), endsOn = today.AddDays(40).ToString("yyyy-MM-dd"),
            }), "coupon");
        },
        ["disbursement"] = async () => await IdAsync(await chairA.PostAsJsonAsync("/api/v1/wallet/disbursements",
            new { unionId = org.DistrictA, title = "甲区端午慰问", purpose = "节日慰问", amountFen = 1_000 }), "disbursement"),
        ["disbursement-upload"] = async () =>
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(org.DistrictA.ToString(System.Globalization.CultureInfo.InvariantCulture)), "unionId" },
                { new StringContent("甲区中秋慰问"), "title" },
                { new StringContent("中秋慰问"), "purpose" },
                { new StringContent("30"), "validDays" },
                { new StringContent("5000"), "amountFen" },
            };
            var file = new ByteArrayContent(ImportFiles.Xlsx([["会员编号", "姓名", "身份证号", "金额(元)"], [memberA.MemberNo, null, null, "50"]]));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            form.Add(file, "file", "名单.xlsx");
            var response = await chairA.PostAsync("/api/v1/wallet/disbursements/uploads", form);
            await OkAsync(response, "disbursement upload");
            return await ScalarAsync("select id from wallet.disbursement_uploads where union_id = @DistrictA order by id desc limit 1", new { org.DistrictA });
        },
        // A prepared settlement run needs a day of settled payments; the row is what preparing one writes.
        ["settlement-run"] = () => ScalarAsync("""
            insert into wallet.settlement_runs (union_id, cutoff_day, merchant_count, total_amount, created_by, created_by_name)
            values (@DistrictA, current_date - 1, 1, 850, @chairAId, '甲区主席') returning id
            """, new { org.DistrictA, chairAId }),
        ["points-item"] = () => chairA.ItemAsync(org.DistrictA, "甲区纯棉毛巾"),
        ["redemption"] = async () =>
        {
            var item = await GetAsync("points-item");
            await app.GiveAsync(memberA.Id, org.DistrictA, 1_000);
            return await IdAsync(await memberA.Api.RedeemAsync(item), "redemption");
        },
        ["inspection"] = async () => await chairA.InspectAsync(await GetAsync("station"), StationTestData.Inspection()),
        ["inspection-photo"] = async () =>
        {
            var inspection = await GetAsync("inspection");
            await OkAsync(await chairA.PostAsync($"/api/v1/stations/inspections/{inspection}/photos", StationTestData.Photos(("现场.png", StationTestData.Png, "image/png"))), "photo");
            return await ScalarAsync("select id from places.station_inspection_photos where inspection_id = @inspection", new { inspection });
        },
        ["member-transfer"] = async () => await IdAsync(await chairA.PostAsJsonAsync("/api/v1/transfers",
            new { memberId = otherMemberA.Id, toUnionId = factoryA2, reason = "调入甲区另一家工厂" }), "transfer"),
        ["subsidy-event"] = async () => (await chairA.CreateEventAsync(SubsidyTestKit.Input(org.DistrictA))).GetProperty("id").GetInt64(),
        ["subsidy-event-applied"] = async () =>
        {
            var ev = await chairA.CreateEventAsync(SubsidyTestKit.Input(org.DistrictA));
            await OkAsync(await memberA.Api.ApplyAsync(ev.GetProperty("id").GetInt64(), ev.SlotIds()[0]), "application");
            return ev.GetProperty("id").GetInt64();
        },
        ["quiz-bank"] = () => chairA.CreatedIdAsync("/api/v1/quizzes/banks", new { unionId = org.DistrictA, name = "甲区劳动法题库" }),
        ["quiz-question"] = async () => await chairA.CreatedIdAsync($"/api/v1/quizzes/banks/{await GetAsync("quiz-bank")}/questions",
            new { kind = "single", text = "劳动者每日工作时间不超过几小时？", options = new[] { "6小时", "8小时", "10小时" }, correct = new[] { 2 }, explanation = "劳动法第三十六条" }),
        ["quiz"] = async () =>
        {
            await GetAsync("quiz-question");
            return await chairA.PublishQuizAsync(org.DistrictA, await GetAsync("quiz-bank"), maxAttempts: 3);
        },
        ["attempt"] = async () => (await new QuizMember(memberA.Id, memberA.Phone, memberA.Api).StartAsync(await GetAsync("quiz"))).GetProperty("id").GetInt64(),
        ["poll"] = () => chairA.CreatedIdAsync("/api/v1/polls", PollKit.Poll(org.DistrictA)),
        ["activity"] = () => chairA.CreateActivityAsync(org.DistrictA),
        ["signup"] = async () => (await memberA.Api.SignedUpAsync(await GetAsync("activity"))).GetProperty("id").GetInt64(),
    };

    public static async Task<ForeignObjects> CreateAsync(UnionOneApp app, MemberWorld org, TestMember memberA)
    {
        var chairAId = await app.CreateStaffAsync(TestActors.Unique("objchair"), "Passw0rd!x", (org.DistrictA, StaffRole.Chair));
        var factoryA2 = await app.CreateUnionAsync(TestActors.Unique("甲区纺织厂工会"), UnionLevel.Grassroots, org.DistrictA, org.RegionA);
        return new ForeignObjects(app, org, await app.StaffApiAsync(chairAId), chairAId, memberA, await BookingTestKit.NewMemberAsync(app, org.FactoryA), factoryA2);
    }

    /// <summary>The id of the object of <paramref name="kind"/> (a number after "=" is a constant, not an object).</summary>
    public async Task<long> GetAsync(string kind)
    {
        if (kind.StartsWith('=')) return long.Parse(kind[1..], System.Globalization.CultureInfo.InvariantCulture);
        if (made.TryGetValue(kind, out var id)) return id;
        if (!Kinds.TryGetValue(kind, out var make)) throw new InvalidOperationException($"no way to create an object of kind {kind}");
        try
        {
            id = await make();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"creating a {kind} failed: {e.Message}\n{app.Errors}", e);
        }
        made[kind] = id;
        return id;
    }

    private async Task<long> ScalarAsync(string sql, object args)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long?>(sql, args) ?? throw new InvalidOperationException("no row: " + sql);
    }

    private static async Task OkAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<long> IdAsync(HttpResponseMessage response, string what)
    {
        await OkAsync(response, what);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var name in new[] { "id", "paymentId", "redemptionId", "transferId" })
            if (json.TryGetProperty(name, out var id) && id.ValueKind == JsonValueKind.Number) return id.GetInt64();
        throw new InvalidOperationException($"{what}: no id in {json}");
    }
}
