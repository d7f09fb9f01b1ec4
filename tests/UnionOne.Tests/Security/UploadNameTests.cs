using System.Net;
using System.Text;
using System.Text.Json;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Members.Import;
using UnionOne.Tests.Wallet.Disbursements;

namespace UnionOne.Tests.Security;

/// <summary>
/// Path traversal in uploaded file names: the name is only ever stored and shown, cleaned to its last segment
/// (both separators), without control characters, cut to the column's length; nothing is written under it on disk.
/// </summary>
[Trait("Suite", "Security")]
public sealed class UploadNameTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    public static TheoryData<string, string> Names => new()
    {
        { "../../etc/passwd.xlsx", "passwd.xlsx" },
        { "..\\..\\windows\\x.xlsx", "x.xlsx" },
        { "/etc/cron.d/evil.xlsx", "evil.xlsx" },
        { "a\0b\u0001.xlsx", "ab.xlsx" },
        { "..", "" },
    };

    private static readonly string[] Places = [Path.GetTempPath(), Directory.GetCurrentDirectory(), AppContext.BaseDirectory];

    private static void NothingWrittenUnder(string name)
    {
        foreach (var root in Places)
        {
            var candidate = Path.GetFullPath(Path.Combine(root, name.Replace('\\', '/').Replace("\0", "", StringComparison.Ordinal)));
            File.Exists(candidate).ShouldBeFalse(candidate);
            var leaf = Path.GetFileName(candidate);
            if (leaf.Length > 0) Directory.GetFiles(root, leaf, SearchOption.TopDirectoryOnly).ShouldBeEmpty();
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_member_import_keeps_only_the_clean_file_name(string hostile, string expected)
    {
        var arr = await app.ArrangeAsync();
        var person = ImportFiles.NextPerson();
        var csv = ImportFiles.Csv([ImportFiles.Header, ["王伟", person.Id, person.Phone, "教师", "2022-09-01", null, null]], new UTF8Encoding(false), bom: true);
        var staff = await app.StaffApiAsync(arr.Staff);
        var before = await app.CountAsync("select count(*) from members.imports");

        var response = await staff.PostAsync("/api/v1/member-imports",
            SecurityKit.RawMultipart([("unionId", arr.Union.ToString(System.Globalization.CultureInfo.InvariantCulture))], "file", hostile.Replace(".xlsx", ".csv", StringComparison.Ordinal), csv, "text/csv"));
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).ShouldBeOneOf([201, 400], body + app.Errors);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            var stored = await app.ScalarTextAsync("select file_name from members.imports order by id desc limit 1");
            stored.ShouldBe(expected.Length == 0 ? "导入文件" : expected.Replace(".xlsx", ".csv", StringComparison.Ordinal));
        }
        else
        {
            body.ShouldMatch(@"[\u4e00-\u9fff]");
            (await app.CountAsync("select count(*) from members.imports")).ShouldBe(before);
        }
        NothingWrittenUnder(hostile);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_disbursement_list_keeps_only_the_clean_file_name(string hostile, string expected)
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var (_, memberNo) = await app.InsertMemberAsync(w.FactoryA, MemberTestData.Name(), MemberTestData.IdNumber("330102"), MemberTestData.Phone());
        var xlsx = ImportFiles.Xlsx([["会员编号", "姓名", "身份证号", "金额(元)"], [memberNo, null, null, "10"]]);
        var staff = await app.StaffApiAsync(w.Preparer);

        var response = await staff.PostAsync("/api/v1/wallet/disbursements/uploads", SecurityKit.RawMultipart(
            [("unionId", w.DistrictA.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("title", "安全测试发放"), ("purpose", "测试")],
            "file", hostile, xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).ShouldBeOneOf([201, 400], body + app.Errors);
        if (response.StatusCode == HttpStatusCode.Created)
            JsonDocument.Parse(body).RootElement.GetProperty("fileName").GetString().ShouldBe(expected.Length == 0 ? "名单.xlsx" : expected);
        else
            body.ShouldMatch(@"[\u4e00-\u9fff]");
        NothingWrittenUnder(hostile);
    }

    [Fact]
    public async Task A_very_long_file_name_is_cut_to_the_column_length()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var (_, memberNo) = await app.InsertMemberAsync(w.FactoryA, MemberTestData.Name(), MemberTestData.IdNumber("330102"), MemberTestData.Phone());
        var xlsx = ImportFiles.Xlsx([["会员编号", "姓名", "身份证号", "金额(元)"], [memberNo, null, null, "10"]]);
        var staff = await app.StaffApiAsync(w.Preparer);
        var hostile = "../" + new string('长', 500) + ".xlsx";

        var response = await staff.PostAsync("/api/v1/wallet/disbursements/uploads", SecurityKit.RawMultipart(
            [("unionId", w.DistrictA.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("title", "长文件名"), ("purpose", "测试")],
            "file", hostile, xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync() + app.Errors);
        var name = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("fileName").GetString()!;
        name.Length.ShouldBe(120);
        name.ShouldStartWith("长长");
        name.ShouldNotContain("/");
    }
}

internal static class UploadNameSql
{
    public static async Task<string?> ScalarTextAsync(this UnionOneApp app, string sql)
    {
        await using var conn = await app.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<string>(conn, sql);
    }
}
