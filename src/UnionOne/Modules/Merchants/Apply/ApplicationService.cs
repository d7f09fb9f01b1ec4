using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Merchants.Directory;
using UnionOne.Modules.Merchants.Domain;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Merchants.Apply;

/// <summary>
/// What a merchant fills in to apply (公开招募). Category: "supermarket", "bakery", "convenienceStore", "farmProduce",
/// "restaurant", "courier", "other" (or the Chinese label). Latitude/longitude in GCJ-02, optional.
/// The discount is the share of the price a member would pay, in basis points (8500 = 八五折).
/// </summary>
public sealed record ApplyRequest(
    long? BatchId,
    string? Name,
    string? CreditCode,
    string? Category,
    string? Address,
    double? Latitude,
    double? Longitude,
    string? ContactName,
    string? ContactPhone,
    int? ProposedDiscountBasisPoints);

public sealed record ApplicationReceipt(long Id, string Name, string CreditCode, MerchantStatus Status, string BatchName);

/// <summary>Takes applications from merchants (no sign-in): one live application per business licence.</summary>
internal sealed class ApplicationService(
    NpgsqlDataSource dataSource,
    IPersonalDataCipher cipher,
    IOptions<MerchantsOptions> options,
    IOrganisationDirectory unions,
    MerchantDirectory directory,
    TimeProvider clock,
    IStringLocalizer<MerchantsText> l)
{
    public async Task<ApplicationReceipt> ApplyAsync(ApplyRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors(l);
        if (request.BatchId is null) errors.Add("batchId", l["请选择招募批次"]);
        var name = MerchantInput.Text(request.Name, 2, 60, "name", l["请填写商户名称（营业执照上的名称，2至60个字）"], errors, l);
        var creditCode = MerchantInput.CreditCode(request.CreditCode, errors, l);
        var category = MerchantInput.Category(request.Category, l);
        if (category is null) errors.Add("category", l["请选择商户类别"]);
        var address = MerchantInput.Text(request.Address, 4, 200, "address", l["请填写经营地址（4至200个字）"], errors, l);
        var (latitude, longitude) = MerchantInput.Position(request.Latitude, request.Longitude, errors, l);
        var contactName = MerchantInput.Text(request.ContactName, 2, 30, "contactName", l["请填写联系人姓名（2至30个字）"], errors, l);
        var phone = MerchantInput.Phone(request.ContactPhone, "contactPhone", errors, l);
        var discount = MerchantInput.Discount(request.ProposedDiscountBasisPoints, category, options.Value, "proposedDiscountBasisPoints", errors, l);
        errors.ThrowIfAny();

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var batch = await conn.QuerySingleOrDefaultAsync<(long UnionId, string Name, DateOnly OpensOn, DateOnly ClosesOn)>(new CommandDefinition(
            "select union_id, name, opens_on, closes_on from merchants.batches where id = @batchId",
            new { batchId = request.BatchId!.Value }, tx, cancellationToken: ct));
        if (batch.Name is null) throw new NotFoundException(l["未找到该招募批次"]);
        if (await unions.FindAsync(batch.UnionId, ct) is not { IsActive: true })
            throw new BusinessRuleException(l["发起该批次的工会已注销或合并，招募已停止"]);
        var today = ChinaTime.Today(clock);
        if (today < batch.OpensOn || today > batch.ClosesOn)
            throw new BusinessRuleException(l["该招募批次的报名时间为{0}至{1}，当前不在报名时间内", ChinaTime.Date(batch.OpensOn), ChinaTime.Date(batch.ClosesOn)]);

        long id;
        try
        {
            id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into merchants.merchants (batch_id, union_id, name, credit_code, category, address, latitude, longitude,
                                                 contact_name, contact_phone_enc, contact_phone_hash, proposed_discount_bp)
                values (@batchId, @unionId, @name, @creditCode, @category, @address, @latitude, @longitude,
                        @contactName, @phoneEnc, @phoneHash, @discount)
                returning id
                """, new
            {
                batchId = request.BatchId.Value,
                batch.UnionId,
                name,
                creditCode,
                category = (short)category!.Value,
                address,
                latitude,
                longitude,
                contactName,
                phoneEnc = cipher.Encrypt(PersonalDataPurposes.ContactPhone, phone!),
                phoneHash = cipher.LookupHash(PersonalDataPurposes.ContactPhone, phone!),
                discount,
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new BusinessRuleException(l["该统一社会信用代码已有在办的申请或已是普惠商户，不能重复申请"], "duplicate-application");
        }
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into merchants.status_log (merchant_id, from_status, to_status) values (@id, null, 1)",
            new { id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        directory.Forget(id);
        return new ApplicationReceipt(id, name!, creditCode!, MerchantStatus.Applied, batch.Name);
    }
}
