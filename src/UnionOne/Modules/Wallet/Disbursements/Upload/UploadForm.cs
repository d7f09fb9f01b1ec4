using System.Globalization;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet.Disbursements.Domain;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Disbursements.Upload;

/// <summary>
/// Reads the multipart upload shared by the API (amountFen) and the console form (amountYuan): union, draft details, default
/// amount and the .xlsx file, within the size limit. Field errors are collected, not thrown, so the service adds its own.
/// </summary>
internal static class UploadForm
{
    /// <summary>Room for the other form fields and multipart boundaries beside the file itself.</summary>
    private const long FormOverhead = 64 * 1024;

    public static long RequestLimit(DisbursementOptions o) => o.MaxUploadBytes + FormOverhead;

    public static async Task<(UploadInput Input, IFormFile File, Dictionary<string, string[]> Errors)> ReadAsync(HttpRequest request, DisbursementOptions o,
        IStringLocalizer l, CancellationToken ct)
    {
        if (request.ContentLength > RequestLimit(o)) throw TooLarge(o, l);
        if (!request.HasFormContentType) throw new InputValidationException("file", l["请以 multipart/form-data 上传名单文件"]);
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException || (e is BadHttpRequestException b && b.StatusCode == StatusCodes.Status413PayloadTooLarge))
        {
            throw TooLarge(o, l);
        }
        var errors = new Dictionary<string, string[]>();
        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        if (file is null || file.Length == 0) throw new InputValidationException("file", l["请选择名单文件（.xlsx）"]);
        if (file.Length > o.MaxUploadBytes) throw TooLarge(o, l);
        _ = long.TryParse(form["unionId"], NumberStyles.None, CultureInfo.InvariantCulture, out var unionId);
        int? validDays = null;
        if (!string.IsNullOrWhiteSpace(form["validDays"]))
        {
            if (int.TryParse(form["validDays"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var days)) validDays = days;
            else errors["validDays"] = [l["有效期须为1-3660天，不填为长期有效"]];
        }
        var categories = new List<MerchantCategory>();
        foreach (var c in form["categories"])
        {
            if (Enum.TryParse<MerchantCategory>(c, ignoreCase: true, out var category) && Enum.IsDefined(category)) categories.Add(category);
            else if (!string.IsNullOrWhiteSpace(c)) errors["categories"] = [l["商户类别无效"]];
        }
        long? amount = null;
        if (!string.IsNullOrWhiteSpace(form["amountYuan"])) amount = DraftDetails.FenFromYuan(form["amountYuan"], "amountFen", errors, l);
        else if (!string.IsNullOrWhiteSpace(form["amountFen"]))
        {
            if (decimal.TryParse(form["amountFen"], NumberStyles.Number, CultureInfo.InvariantCulture, out var fen)) amount = DraftDetails.FenFromJson(fen, "amountFen", errors, l);
            else errors["amountFen"] = [l["金额须为以分为单位的整数"]];
        }
        var details = new DraftDetails(form["title"], form["purpose"], categories, validDays);
        return (new UploadInput(unionId, details, amount, file.FileName ?? "", Stream.Null), file, errors);
    }

    public static InputValidationException TooLarge(DisbursementOptions o, IStringLocalizer l) =>
        new("file", l["文件超过{0} MB，请拆分名单", o.MaxUploadBytes / 1024 / 1024]);
}
