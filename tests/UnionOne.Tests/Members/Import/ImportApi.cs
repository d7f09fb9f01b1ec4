using System.Net.Http.Json;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members.Import;

internal sealed record ImportSummaryDto(long ImportId, int TotalRows, int ValidRows, int ErrorRows, int UnchangedRows);

internal sealed record ImportDetailsDto(long ImportId, long UnionId, string UnionName, string FileName, string Status, int TotalRows, int ValidRows,
    int ErrorRows, int UnchangedRows, int? Inserted, int? Skipped);

internal sealed record ErrorItemDto(int Row, string Column, string Reason);

internal sealed record ErrorPageDto(int Page, int PageSize, long Total, List<ErrorItemDto> Items);

internal sealed record CommitDto(int Inserted, int Skipped);

/// <summary>A small union tree with an officer at the district, for import tests.</summary>
internal sealed record ImportArrangement(long City, long District, long Union, long Staff, string UnionName);

internal static class ImportApi
{
    public static async Task<ImportArrangement> ArrangeAsync(this UnionOneApp app, string region = "331002")
    {
        var city = await app.CreateUnionAsync(TestActors.Unique("台州市总工会"), UnionLevel.City, regionCode: "331000");
        var district = await app.CreateUnionAsync(TestActors.Unique("椒江区总工会"), UnionLevel.County, city, region);
        var name = TestActors.Unique("台州测试机械有限公司工会");
        var union = await app.CreateUnionAsync(name, UnionLevel.Grassroots, district, region);
        var staff = await app.CreateStaffAsync(TestActors.Unique("officer"), "Passw0rd!x", (district, StaffRole.Officer));
        return new ImportArrangement(city, district, union, staff, name);
    }

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, long unionId, byte[] file, string fileName) =>
        await client.PostAsync("/api/v1/member-imports", ImportFiles.Upload(unionId, file, fileName));

    public static async Task<ImportSummaryDto> UploadOkAsync(this HttpClient client, UnionOneApp app, long unionId, byte[] file, string fileName)
    {
        var response = await client.UploadAsync(unionId, file, fileName);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, body + app.Errors);
        return (await response.Content.ReadFromJsonAsync<ImportSummaryDto>())!;
    }

    public static async Task<ErrorPageDto> ErrorsAsync(this HttpClient client, long importId, int page = 1, int pageSize = 200) =>
        (await client.GetFromJsonAsync<ErrorPageDto>($"/api/v1/member-imports/{importId}/errors?page={page}&pageSize={pageSize}"))!;
}
