using System.Text;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Problems;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Wallet.Settlement.Payees;

/// <summary>What staff enter for a merchant's payout account.</summary>
public sealed record PayeeInput(string? AccountName, string? BankName, string? AccountNumber);

/// <summary>A merchant's payout account as screens show it (account number masked).</summary>
public sealed record PayeeView(long MerchantId, string MerchantName, string AccountName, string BankName, string AccountNumberMasked, DateTime UpdatedAtUtc);

public sealed record RevealedAccountNumber(long MerchantId, string AccountNumber);

/// <summary>
/// Merchants' bank details for settlement payouts (收款账户), kept in the wallet. The account number is stored encrypted and shown
/// masked; changing it needs ManageMoney on the merchant's union, seeing it in full needs RevealPersonalData and is audited.
/// </summary>
internal sealed class PayeeService(
    NpgsqlDataSource dataSource,
    MerchantAccess access,
    IPersonalDataCipher cipher,
    IAuditLog audit,
    IStringLocalizer<WalletText> l)
{
    public const string ChangedAction = "wallet.payee-changed";
    public const string RevealAction = "wallet.payee-reveal";

    public async Task<PayeeView?> GetAsync(long merchantId, CancellationToken ct)
    {
        var (merchant, _, _) = await access.RequireAsync(merchantId, Permission.Read, ct);
        return (await LoadAsync([merchant.Id], ct)).TryGetValue(merchant.Id, out var p)
            ? new PayeeView(merchant.Id, merchant.Name, p.AccountName, p.BankName, p.Masked, p.UpdatedAt)
            : null;
    }

    /// <summary>The payees of these merchants (masked), by merchant id; merchants without one are absent.</summary>
    public async Task<IReadOnlyDictionary<long, (string AccountName, string BankName, string Masked, DateTime UpdatedAt)>> LoadAsync(IReadOnlyCollection<long> merchantIds, CancellationToken ct)
    {
        if (merchantIds.Count == 0) return new Dictionary<long, (string, string, string, DateTime)>();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(long MerchantId, string AccountName, string BankName, byte[] Number, DateTime UpdatedAt)>(new CommandDefinition(
            "select merchant_id, account_name, bank_name, account_number, updated_at from wallet.merchant_payees where merchant_id = any(@ids)",
            new { ids = merchantIds.ToArray() }, cancellationToken: ct));
        return rows.ToDictionary(r => r.MerchantId, r => (r.AccountName, r.BankName, MaskAccount(cipher.Decrypt(PersonalDataPurposes.BankAccount, r.Number)), r.UpdatedAt));
    }

    public async Task<PayeeView> SaveAsync(long merchantId, PayeeInput input, CancellationToken ct)
    {
        var (merchant, scope, _) = await access.RequireAsync(merchantId, Permission.ManageMoney, ct);
        var (name, bank, number) = Validate(input);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var created = await conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
            insert into wallet.merchant_payees (merchant_id, account_name, bank_name, account_number, updated_by)
            values (@merchantId, @name, @bank, @cipherText, @staff)
            on conflict (merchant_id) do update set account_name = excluded.account_name, bank_name = excluded.bank_name,
                account_number = excluded.account_number, updated_by = excluded.updated_by, updated_at = now()
            returning (xmax = 0)
            """, new { merchantId = merchant.Id, name, bank, cipherText = cipher.Encrypt(PersonalDataPurposes.BankAccount, number), staff = scope.StaffId },
            tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(ChangedAction, "merchant", merchant.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), merchant.UnionId,
            new { created, accountName = name, bank }), tx, ct);
        await tx.CommitAsync(ct);
        return new PayeeView(merchant.Id, merchant.Name, name, bank, MaskAccount(number), DateTime.UtcNow);
    }

    /// <summary>The account number in full (RevealPersonalData on the merchant's union), audited before it is returned.</summary>
    public async Task<RevealedAccountNumber> RevealAsync(long merchantId, CancellationToken ct)
    {
        var (merchant, _, _) = await access.RequireAsync(merchantId, Permission.Read, ct);
        if (!await access.CanAsync(merchant, Permission.RevealPersonalData, ct)) throw new ForbiddenException(l["您的角色无权查看完整收款账号"]);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var cipherText = await conn.ExecuteScalarAsync<byte[]?>(new CommandDefinition(
            "select account_number from wallet.merchant_payees where merchant_id = @id", new { id = merchant.Id }, cancellationToken: ct))
            ?? throw new NotFoundException(l["该商户尚未登记收款账户"]);
        await audit.WriteAsync(new AuditEntry(RevealAction, "merchant", merchant.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), merchant.UnionId), ct: ct);
        return new RevealedAccountNumber(merchant.Id, cipher.Decrypt(PersonalDataPurposes.BankAccount, cipherText));
    }

    /// <summary>Trimmed name and bank, digits of the account number; 400 with a message per field otherwise.</summary>
    public (string Name, string Bank, string Number) Validate(PayeeInput input)
    {
        var errors = new Dictionary<string, string[]>();
        var name = Clean(input.AccountName);
        var bank = Clean(input.BankName);
        var number = new string((input.AccountNumber ?? "").Where(c => c is not (' ' or '-')).ToArray());
        if (name.Length is < 2 or > 60 || !IsText(name)) errors["accountName"] = [l["收款户名须为2至60个字符，且不能以 = + - @ 开头"]];
        if (bank.Length is < 2 or > 60 || !IsText(bank)) errors["bankName"] = [l["开户行须为2至60个字符，且不能以 = + - @ 开头"]];
        if (number.Length is < 8 or > 32 || !number.All(char.IsAsciiDigit)) errors["accountNumber"] = [l["收款账号须为8至32位数字"]];
        if (errors.Count > 0) throw new InputValidationException(errors, l["收款账户信息有误"]);
        return (name, bank, number);
    }

    /// <summary>6222 **** 1234: the first and last four digits.</summary>
    public static string MaskAccount(string number) =>
        number.Length <= 8 ? new string('*', Math.Max(0, number.Length - 4)) + number[Math.Max(0, number.Length - 4)..] : $"{number[..4]} **** {number[^4..]}";

    private static string Clean(string? value) => (value ?? "").Trim().Normalize(NormalizationForm.FormC);

    // Names and banks go into the bank's import file: no control characters, nothing a spreadsheet would take for a formula.
    private static bool IsText(string value) => !value.Any(char.IsControl) && value[0] is not ('=' or '+' or '-' or '@');
}
