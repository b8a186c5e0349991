using System.Security.Cryptography.X509Certificates;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

/// <summary>
/// The OCSP response reader judges real RFC 6960 responses signed by a test PKI: only a genuine, current answer about
/// the certificate asked about counts, and nothing it is given ever throws.
/// </summary>
public sealed class OcspResponseReaderTests : IDisposable
{
    private readonly X509Certificate2 _root = ContractCertificates.Root("Reader test root");
    private readonly X509Certificate2 _subCa;
    private readonly X509Certificate2 _contract;
    private readonly OcspCertId _asked;

    public OcspResponseReaderTests()
    {
        _subCa = ContractCertificates.SubCa(_root, "Reader test sub-CA");
        _contract = ContractCertificates.Contract(_subCa, "DE8AA0000000001");
        _asked = OcspResponses.CertId(_contract, _subCa);
    }

    [Theory]
    [InlineData(OcspTestStatus.Good, OcspCertificateState.Good)]
    [InlineData(OcspTestStatus.Revoked, OcspCertificateState.Revoked)]
    [InlineData(OcspTestStatus.Unknown, OcspCertificateState.Unknown)]
    public void A_response_signed_by_the_issuer_says_what_its_certStatus_says(OcspTestStatus status, OcspCertificateState expected)
    {
        var verdict = Read(new OcspResponseSpec(_subCa) { Status = status });

        Assert.True(verdict.State == expected, $"Expected a {status} response signed by the issuer to read {expected}, but it read {verdict}.");
    }

    [Fact]
    public void A_response_signed_by_a_delegated_responder_the_issuer_certified_counts()
    {
        using var responder = ContractCertificates.OcspResponder(_subCa, "Delegated responder");

        var verdict = Read(new OcspResponseSpec(responder) { Carried = [responder, _subCa], ResponderByName = true });

        Assert.True(verdict.State == OcspCertificateState.Good, $"Expected a delegated responder's good answer to count, but it read {verdict}.");
    }

    [Fact]
    public void A_delegated_responder_without_OCSP_signing_usage_does_not_count()
    {
        using var responder = ContractCertificates.OcspResponder(_subCa, "Client not responder", forOcspSigning: false);

        AssertUnverifiable(new OcspResponseSpec(responder) { Carried = [responder, _subCa] }, "a responder certificate without id-kp-OCSPSigning");
    }

    [Fact]
    public void A_responder_the_issuer_did_not_certify_does_not_count()
    {
        using var otherRoot = ContractCertificates.Root("Other root");
        using var responder = ContractCertificates.OcspResponder(otherRoot, "Someone else's responder");

        AssertUnverifiable(new OcspResponseSpec(responder) { Carried = [responder, _subCa] }, "a responder another CA certified");
    }

    [Fact]
    public void A_broken_signature_does_not_count() =>
        AssertUnverifiable(new OcspResponseSpec(_subCa) { BreakSignature = true }, "a response whose signature was altered");

    [Fact]
    public void A_response_about_another_certificate_does_not_count() =>
        AssertUnverifiable(new OcspResponseSpec(_subCa) { OtherSerialNumber = [0x12, 0x34] }, "a response for another serial number");

    [Fact]
    public void A_stale_response_does_not_count() =>
        AssertUnverifiable(
            new OcspResponseSpec(_subCa) { ThisUpdate = DateTimeOffset.UtcNow.AddDays(-3), NextUpdate = DateTimeOffset.UtcNow.AddDays(-2) },
            "a response past its nextUpdate");

    [Fact]
    public void An_old_response_without_nextUpdate_does_not_count() =>
        AssertUnverifiable(new OcspResponseSpec(_subCa) { ThisUpdate = DateTimeOffset.UtcNow.AddDays(-1) }, "a day-old response without nextUpdate");

    [Fact]
    public void An_unsuccessful_response_does_not_count() =>
        AssertUnverifiable(new OcspResponseSpec(_subCa) { ResponseStatus = 6 }, "an unauthorized(6) response");

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x03, 0x0A, 0x01 })]
    [InlineData(new byte[] { 0x04, 0x02, 0x00, 0x00 })]
    public void Malformed_bytes_read_as_unverifiable_not_as_an_exception(byte[] der)
    {
        var verdict = OcspResponseReader.Read(der, _asked, [], DateTimeOffset.UtcNow);

        Assert.True(verdict.State == OcspCertificateState.Unverifiable, $"Expected malformed bytes to read as unverifiable, but they read {verdict}.");
    }

    [Fact]
    public void A_truncated_response_reads_as_unverifiable()
    {
        var der = OcspResponses.Build(_asked, new OcspResponseSpec(_subCa));

        var verdict = OcspResponseReader.Read(der[..(der.Length / 2)], _asked, [], DateTimeOffset.UtcNow);

        Assert.True(verdict.State == OcspCertificateState.Unverifiable, $"Expected a truncated response to read as unverifiable, but it read {verdict}.");
    }

    public void Dispose()
    {
        _contract.Dispose();
        _subCa.Dispose();
        _root.Dispose();
    }

    private OcspVerdict Read(OcspResponseSpec spec) => OcspResponseReader.Read(OcspResponses.Build(_asked, spec), _asked, [_root], DateTimeOffset.UtcNow);

    private void AssertUnverifiable(OcspResponseSpec spec, string what)
    {
        var verdict = Read(spec);
        Assert.True(verdict.State == OcspCertificateState.Unverifiable, $"Expected {what} to read as unverifiable, but it read {verdict}.");
    }
}
