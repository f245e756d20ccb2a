using System.Globalization;
using KerjasamaGraph.Client.Reports;

namespace KerjasamaGraph.Web.Localization;

/// <summary>
/// The interface text in English and Indonesian, and number formats (those of the briefs: Rp 1,234.5 million / Rp 1.234,5 juta).
/// One instance per visitor's connection; the language comes from a cookie set by /language/{code}.
/// </summary>
public sealed class UiText
{
    public const string CookieName = "kerjasama_lang";

    private string _language = "en";
    private BriefLanguage _format = BriefLanguage.For("en");

    /// <summary>"en" or "id".</summary>
    public string Language
    {
        get => _language;
        set
        {
            _language = Normalize(value);
            _format = BriefLanguage.For(_language);
        }
    }

    public static string Normalize(string? code) => code == "id" ? "id" : "en";

    /// <summary>The text of a key in the current language (the key itself when it is missing, so a gap shows, not a crash).</summary>
    public string this[string key] => Texts.TryGetValue(key, out var t) ? (_language == "id" ? t.Id : t.En) : key;

    public string Format(string key, params object?[] args) => string.Format(CultureInfo.InvariantCulture, this[key], args);

    /// <summary>The brief's wording in the same language (shared sentences such as why a variant changed nothing).</summary>
    public BriefLanguage Brief => _format;

    public string Money(double rupiah) => _format.Money(rupiah);
    public string Number(double value, int decimals = 0) => _format.Number(value, decimals);
    public string Percent(double share) => _format.Percent(share);
    public string Interval(string low, string high) => _format.Interval(low, high);

    /// <summary>Every key with its English and Indonesian text.</summary>
    public static readonly IReadOnlyDictionary<string, (string En, string Id)> Texts = new Dictionary<string, (string, string)>
    {
        // Navigation and common words
        ["nav_scenarios"] = ("Scenarios", "Skenario"),
        ["nav_results"] = ("Results", "Hasil"),
        ["language"] = ("Language", "Bahasa"),
        ["not_found"] = ("There is nothing at this address.", "Tidak ada halaman di alamat ini."),
        ["open"] = ("Open", "Buka"),
        ["show"] = ("Show:", "Tampilkan:"),
        ["valid"] = ("Valid", "Valid"),
        ["line"] = ("line", "baris"),
        ["column"] = ("column", "kolom"),
        ["name"] = ("Name", "Nama"),
        ["kind"] = ("Kind", "Jenis"),
        ["type"] = ("Type", "Jenis kerja sama"),
        ["province"] = ("Province", "Provinsi"),
        ["country"] = ("Country", "Negara"),
        ["population"] = ("Population", "Penduduk"),
        ["area"] = ("Area", "Luas"),
        ["budget"] = ("Annual budget (APBD)", "APBD per tahun"),
        ["capacity"] = ("Institutional capacity (0–1)", "Kapasitas kelembagaan (0–1)"),
        ["funds"] = ("Funds", "Dana"),
        ["source"] = ("Source", "Sumber"),
        ["host"] = ("Host", "Tuan rumah"),
        ["service"] = ("Service", "Layanan"),
        ["commodity"] = ("Commodity", "Komoditas"),
        ["amount"] = ("Amount", "Nilai"),
        ["amount_rp"] = ("Amount (Rp)", "Nilai (Rp)"),
        ["legal_form"] = ("Legal form", "Bentuk hukum"),
        ["parties"] = ("Parties", "Para pihak"),
        ["initiated"] = ("Initiated", "Dimulai"),
        ["active_from"] = ("in force from {0}", "berlaku sejak {0}"),
        ["term"] = ("Term", "Jangka waktu"),
        ["term_default"] = ("default (60 months)", "bawaan (60 bulan)"),
        ["n_months"] = ("{0} months", "{0} bulan"),
        ["months"] = ("Months", "Bulan"),
        ["replications"] = ("Replications", "Replikasi"),
        ["seed"] = ("Seed", "Seed acak"),
        ["baseline"] = ("Baseline", "Baseline (kondisi dasar)"),
        ["variant"] = ("Variant", "Varian"),
        ["variants"] = ("Variants", "Varian"),
        ["scenario"] = ("Scenario", "Skenario"),
        ["agreements"] = ("Agreements", "Kerja sama"),
        ["benefit"] = ("Benefit", "Manfaat"),
        ["direct"] = ("Direct benefit", "Manfaat langsung"),
        ["spillover"] = ("Spillover", "Limpahan (spillover)"),
        ["difference"] = ("Difference", "Selisih"),
        ["indicator"] = ("Indicator", "Indikator"),
        ["interval95"] = ("95% interval", "Interval 95%"),
        ["rp_million"] = ("Rp million", "Rp juta"),
        ["seconds"] = ("{0} s", "{0} detik"),
        ["minutes"] = ("{0} min", "{0} menit"),
        ["partner"] = ("partner", "mitra"),
        ["kind_kota"] = ("city (kota)", "kota"),
        ["kind_kabupaten"] = ("regency (kabupaten)", "kabupaten"),
        ["kind_provinsi"] = ("province", "provinsi"),
        ["border"] = ("Border", "Perbatasan"),
        ["borders"] = ("Borders", "Perbatasan"),

        // Scenario library
        ["library_title"] = ("Scenario library", "Pustaka skenario"),
        ["library_intro"] = (
            "Each scenario is a cooperation graph: regions, partners and the agreements between them. Open one to see it on the map, build a what-if by clicking, and compare it with the baseline.",
            "Setiap skenario adalah jaringan kerja sama: daerah, mitra, dan perjanjian di antara mereka. Buka salah satu untuk melihatnya di peta, susun skenario \"bagaimana jika\" dengan mengklik, lalu bandingkan dengan kondisi dasar."),
        ["upload_scenario"] = ("Upload a scenario (YAML)", "Unggah skenario (YAML)"),
        ["upload_refused"] = ("{0} was not added: fix the problems shown at their lines.", "{0} tidak ditambahkan: perbaiki masalah yang ditunjukkan pada barisnya."),
        ["upload_fix"] = ("Fix it here and check again (or fix the file and upload it again)", "Perbaiki di sini lalu periksa lagi (atau perbaiki berkasnya dan unggah ulang)"),
        ["upload_check_again"] = ("Check again and add", "Periksa lagi dan tambahkan"),
        ["upload_too_large"] = ("{0} is larger than the upload limit of {1} bytes.", "{0} lebih besar dari batas unggahan {1} byte."),
        ["uploaded"] = ("uploaded", "unggahan"),
        ["uploaded_as"] = ("Added to the library as {0}.", "Ditambahkan ke pustaka sebagai {0}."),
        ["n_errors"] = ("{0} errors", "{0} kesalahan"),
        ["n_regions"] = ("{0} regions", "{0} daerah"),
        ["n_partners"] = ("{0} partners", "{0} mitra"),
        ["n_agreements"] = ("{0} agreements", "{0} kerja sama"),
        ["n_variants"] = ("{0} variants", "{0} varian"),
        ["run_settings"] = ("from {0}, {1} months, {2} replications", "mulai {0}, {1} bulan, {2} replikasi"),

        // Scenario page
        ["scenario_not_found"] = ("There is no scenario '{0}'.", "Skenario '{0}' tidak ada."),
        ["scenario_has_errors"] = ("This scenario has {0} problems and cannot run. Each is shown at its line below.",
            "Skenario ini memiliki {0} masalah dan tidak dapat dijalankan. Setiap masalah ditunjukkan pada barisnya di bawah."),
        ["tab_map"] = ("Map and what-if", "Peta dan skenario \"bagaimana jika\""),
        ["tab_contents"] = ("Regions and agreements", "Daerah dan kerja sama"),
        ["tab_sources"] = ("Sources", "Sumber data"),
        ["tab_file"] = ("Scenario file", "Berkas skenario"),
        ["sources_intro"] = ("Where the numbers in this scenario come from, as its file states them (estimates are marked).",
            "Asal angka-angka dalam skenario ini, sebagaimana tercantum dalam berkasnya (angka perkiraan ditandai)."),
        ["details_title"] = ("Details", "Rincian"),
        ["details_hint"] = ("Click a region, a partner or an agreement line on the map to see it here and change it.",
            "Klik daerah, mitra, atau garis kerja sama di peta untuk melihat rinciannya di sini dan mengubahnya."),
        ["agreements_of"] = ("Agreements", "Kerja sama yang diikuti"),
        ["no_agreements"] = ("No agreements.", "Belum ada kerja sama."),
        ["join_agreement"] = ("Add {0} to {1}", "Tambahkan {0} ke {1}"),
        ["remove_party"] = ("Take {0} out of this agreement", "Keluarkan {0} dari kerja sama ini"),
        ["add_region_hint"] = ("To add a region, click it on the map and choose this agreement.",
            "Untuk menambah daerah, klik daerah itu di peta lalu pilih kerja sama ini."),
        ["remove_agreement"] = ("Remove this agreement in the what-if", "Hapus kerja sama ini dalam skenario"),
        ["restore_agreement"] = ("Keep this agreement", "Pertahankan kerja sama ini"),
        ["legend_state"] = ("Agreement lines:", "Garis kerja sama:"),
        ["legend_planned"] = ("as planned", "sesuai rencana"),
        ["legend_not_started"] = ("not started", "belum dimulai"),
        ["legend_procedure"] = ("in procedure", "dalam proses"),
        ["legend_active"] = ("active", "aktif"),
        ["legend_expired"] = ("expired", "berakhir"),
        ["legend_rejected"] = ("rejected or revoked", "ditolak atau dicabut"),
        ["whatif_added"] = ("added in the what-if", "ditambahkan dalam skenario"),

        // What-if
        ["whatif_title"] = ("Your what-if", "Skenario \"bagaimana jika\" Anda"),
        ["whatif_intro"] = (
            "Change the scenario by clicking on the map (add a region to an agreement, remove an agreement), switch One Gate, or change a number. The app writes the change as a variant and checks it at once.",
            "Ubah skenario dengan mengklik peta (tambah daerah ke kerja sama, hapus kerja sama), aktifkan atau matikan Satu Pintu, atau ubah angka. Aplikasi menuliskan perubahan sebagai varian dan langsung memeriksanya."),
        ["whatif_name"] = ("Variant name", "Nama varian"),
        ["whatif_name_rule"] = ("Lower-case letters, digits, - and _", "Huruf kecil, angka, - dan _"),
        ["whatif_description"] = ("Description (optional)", "Keterangan (opsional)"),
        ["one_gate_switch"] = ("One Gate (Kerjasama Satu Pintu) reviews every proposal", "Satu Pintu (Kerjasama Satu Pintu) menelaah setiap usulan"),
        ["settings_title"] = ("Change a number", "Ubah angka"),
        ["add_agreement_title"] = ("Add an agreement", "Tambah kerja sama"),
        ["add_agreement"] = ("Add agreement", "Tambah kerja sama"),
        ["parties_members"] = ("Member regions", "Daerah anggota"),
        ["party_from"] = ("From (source or producer)", "Dari (sumber atau produsen)"),
        ["party_to"] = ("To (recipient or buyer)", "Kepada (penerima atau pembeli)"),
        ["initiated_month"] = ("Proposal starts", "Usulan dimulai"),
        ["error_month"] = ("Give the month as YYYY-MM, e.g. 2024-01.", "Tulis bulan sebagai YYYY-MM, misalnya 2024-01."),
        ["error_two_parties"] = ("Choose two different parties: from and to.", "Pilih dua pihak yang berbeda: dari dan kepada."),
        ["error_shared_parties"] = ("A shared service needs two or more regions, one of them the host.", "Layanan bersama memerlukan dua daerah atau lebih, salah satunya tuan rumah."),
        ["whatif_empty"] = ("No changes yet: click a region on the map to start.", "Belum ada perubahan: klik daerah di peta untuk memulai."),
        ["whatif_changes"] = ("Changes", "Perubahan"),
        ["whatif_file"] = ("The variant as a scenario file (save it next to the scenario to run it with the kerjasama command)",
            "Varian sebagai berkas skenario (simpan di samping berkas skenario untuk menjalankannya dengan perintah kerjasama)"),
        ["download_yaml"] = ("Download the variant (YAML)", "Unduh varian (YAML)"),
        ["discard"] = ("Discard changes", "Batalkan perubahan"),
        ["change_party_added"] = ("{0} joins {1}", "{0} bergabung dengan {1}"),
        ["change_party_removed"] = ("{0} leaves {1}", "{0} keluar dari {1}"),
        ["change_agreement_removed"] = ("{0} is removed", "{0} dihapus"),
        ["change_agreement_added"] = ("new agreement {0}", "kerja sama baru {0}"),
        ["change_one_gate_on"] = ("One Gate on", "Satu Pintu aktif"),
        ["change_one_gate_off"] = ("One Gate off: agencies negotiate on their own", "Satu Pintu nonaktif: perangkat daerah bernegosiasi sendiri"),
        ["change_setting"] = ("{0} = {1}", "{0} = {1}"),
        ["setting_parameters.spillover_rate"] = ("Spillover to neighbours (ρ)", "Limpahan ke tetangga (ρ)"),
        ["setting_parameters.knowledge_rate"] = ("Learning from knowledge agreements (γ)", "Pembelajaran dari kerja sama pengetahuan (γ)"),
        ["setting_parameters.peer_learning_rate"] = ("Peer learning between neighbours (δ)", "Pembelajaran antar-tetangga (δ)"),
        ["setting_parameters.capacity_cost_effect"] = ("Cost saving from capacity (η)", "Penghematan biaya dari kapasitas (η)"),
        ["setting_parameters.agreement_coordination_cost"] = ("Coordination cost per party and month", "Biaya koordinasi per pihak per bulan"),
        ["setting_policies.one_gate.review_capacity"] = ("One Gate: proposals reviewed a month", "Satu Pintu: usulan ditelaah per bulan"),
        ["setting_policies.one_gate.review_months"] = ("One Gate: months a review takes", "Satu Pintu: lama penelaahan (bulan)"),
        ["setting_policies.one_gate.quality_threshold"] = ("One Gate: minimum expected net benefit", "Satu Pintu: manfaat bersih minimum yang diharapkan"),
        ["setting_policies.coordination_delay_months"] = ("Extra negotiation without One Gate", "Tambahan negosiasi tanpa Satu Pintu"),
        ["setting_lifecycle.offer"] = ("Offer and negotiation (months)", "Penawaran dan negosiasi (bulan)"),
        ["setting_lifecycle.council_approval"] = ("Council (DPRD) approval (months)", "Persetujuan DPRD (bulan)"),
        ["setting_lifecycle.implementing_agreement"] = ("Implementing agreement, PKS (months)", "Perjanjian kerja sama, PKS (bulan)"),

        // Run panel
        ["run_title"] = ("Run and compare", "Jalankan dan bandingkan"),
        ["mode_compare"] = ("Compare with the baseline", "Bandingkan dengan kondisi dasar"),
        ["mode_run"] = ("One run", "Satu simulasi"),
        ["compare_intro"] = (
            "Each variant runs with the same random draws as the baseline, so the difference is caused by the change; the interval shows how sure it is.",
            "Setiap varian dijalankan dengan angka acak yang sama dengan kondisi dasar, sehingga selisihnya disebabkan oleh perubahan; interval menunjukkan seberapa pasti hasilnya."),
        ["run_intro"] = ("Simulates the scenario month by month and keeps the results in a run folder.",
            "Menyimulasikan skenario bulan demi bulan dan menyimpan hasilnya dalam folder hasil."),
        ["variants_to_compare"] = ("Variants to compare", "Varian yang dibandingkan"),
        ["variant_to_run"] = ("What to run", "Yang dijalankan"),
        ["your_whatif"] = ("Your what-if ({0})", "Skenario Anda ({0})"),
        ["choose_variant"] = ("Choose at least one variant.", "Pilih paling sedikit satu varian."),
        ["start_compare"] = ("Run comparison", "Jalankan perbandingan"),
        ["start_run"] = ("Run", "Jalankan"),

        // Jobs and results
        ["results_title"] = ("Results", "Hasil"),
        ["results_intro"] = ("Runs and comparisons, from this app and from the kerjasama command, newest first.",
            "Simulasi dan perbandingan, dari aplikasi ini dan dari perintah kerjasama, yang terbaru di atas."),
        ["jobs_active"] = ("Running and waiting", "Sedang berjalan dan menunggu"),
        ["no_runs"] = ("No results yet: open a scenario and run it.", "Belum ada hasil: buka skenario lalu jalankan."),
        ["result"] = ("Result", "Hasil"),
        ["started"] = ("Started", "Dimulai"),
        ["kind_run"] = ("run", "simulasi"),
        ["kind_comparison"] = ("comparison", "perbandingan"),
        ["state_job_queued"] = ("queued", "dalam antrean"),
        ["state_job_running"] = ("running", "berjalan"),
        ["state_job_completed"] = ("finished", "selesai"),
        ["state_job_failed"] = ("failed", "gagal"),
        ["state_job_cancelled"] = ("cancelled", "dibatalkan"),
        ["queue_position"] = ("place {0}", "urutan {0}"),
        ["queued_text"] = ("Waiting for a free place: {0} in the queue. It starts by itself.", "Menunggu giliran: urutan {0} dalam antrean. Akan mulai dengan sendirinya."),
        ["cancelled_text"] = ("Cancelled: nothing was kept.", "Dibatalkan: tidak ada yang disimpan."),
        ["months_done"] = ("{0} of {1} months simulated", "{0} dari {1} bulan disimulasikan"),
        ["current_run"] = ("now: {0}, {1}", "sekarang: {0}, {1}"),
        ["time_left"] = ("about {0} left", "sekitar {0} lagi"),
        ["cancel"] = ("Cancel", "Batalkan"),
        ["same_as_command"] = ("The same result from the command line:", "Hasil yang sama dari baris perintah:"),
        ["run_of"] = ("Run of", "Simulasi"),
        ["comparison_of"] = ("Comparison for", "Perbandingan untuk"),
        ["run_not_found"] = ("There is no result '{0}'.", "Hasil '{0}' tidak ada."),
        ["results_unreadable"] = ("The result folder cannot be read: {0}", "Folder hasil tidak dapat dibaca: {0}"),
        ["run_facts"] = ("{0} replications, seed {1}, {2} months from {3}", "{0} replikasi, seed {1}, {2} bulan mulai {3}"),
        ["downloads"] = ("Download", "Unduh"),
        ["brief_html_en"] = ("Policy brief, English (HTML)", "Ringkasan kebijakan, Inggris (HTML)"),
        ["brief_html_id"] = ("Policy brief, Indonesian (HTML)", "Ringkasan kebijakan, Indonesia (HTML)"),
        ["brief_md_en"] = ("Policy brief, English (Markdown + charts, zip)", "Ringkasan kebijakan, Inggris (Markdown + grafik, zip)"),
        ["brief_md_id"] = ("Policy brief, Indonesian (Markdown + charts, zip)", "Ringkasan kebijakan, Indonesia (Markdown + grafik, zip)"),
        ["folder_zip"] = ("All result tables (zip)", "Semua tabel hasil (zip)"),
        ["graph_export"] = ("Network as {0}", "Jaringan dalam format {0}"),
        ["tab_differences"] = ("Differences", "Selisih"),
        ["tab_results"] = ("Results", "Hasil"),
        ["tab_replay"] = ("Replay on the map", "Putar ulang di peta"),
        ["headline_interval"] = ("95% interval {0}, {1} paired replications", "interval 95% {0}, {1} replikasi berpasangan"),
        ["headline_what"] = ("change in total benefit over the run, variant minus baseline", "perubahan total manfaat selama simulasi, varian dikurangi kondisi dasar"),
        ["differences_table"] = ("Every indicator, whole run", "Semua indikator, seluruh periode"),
        ["total_benefit"] = ("Total benefit over the run", "Total manfaat selama simulasi"),
        ["band_5_95"] = ("5th–95th percentile across replications {0}", "persentil ke-5–95 antar-replikasi {0}"),
        ["share_explained"] = ("Share of the agreements' benefit that reached regions that did not sign them.",
            "Bagian manfaat kerja sama yang diterima daerah yang tidak ikut menandatanganinya."),
        ["share_undefined"] = ("Not defined in this run: its agreements brought no benefit to share.", "Tidak terdefinisi pada simulasi ini: kerja samanya tidak menghasilkan manfaat untuk dibagi."),
        ["agreements_active_end"] = ("Agreements active at the end", "Kerja sama aktif di akhir"),
        ["of_agreements"] = ("of {0} agreements (mean over replications)", "dari {0} kerja sama (rata-rata replikasi)"),
        ["chart_benefit_time"] = ("Benefit per month", "Manfaat per bulan"),
        ["chart_benefit_time_caption"] = ("Mean over replications, shaded: 5th–95th percentile.", "Rata-rata replikasi, area berwarna: persentil ke-5–95."),
        ["chart_benefit_time_run_caption"] = ("Mean over replications, shaded: 5th–95th percentile.", "Rata-rata replikasi, area berwarna: persentil ke-5–95."),
        ["chart_monthly_difference"] = ("Difference per month: {0}", "Selisih per bulan: {0}"),
        ["chart_monthly_difference_caption"] = ("Variant minus baseline, mean of paired replications, shaded: 95% interval.",
            "Varian dikurangi kondisi dasar, rata-rata replikasi berpasangan, area berwarna: interval 95%."),
        ["chart_region_difference"] = ("Who gains: {0}", "Siapa yang diuntungkan: {0}"),
        ["chart_region_difference_caption"] = ("Each region's change in benefit over the run, with its 95% interval; orange: loses.",
            "Perubahan manfaat tiap daerah selama simulasi, dengan interval 95%; oranye: merugi."),
        ["chart_regions"] = ("Benefit by region", "Manfaat per daerah"),
        ["chart_regions_caption"] = ("Over the whole run: direct benefit from own agreements and spillover from neighbours.",
            "Selama seluruh periode: manfaat langsung dari kerja sama sendiri dan limpahan dari tetangga."),
        ["chart_share"] = ("Benefit reaching regions that did not sign", "Manfaat yang sampai ke daerah bukan penanda tangan"),
        ["chart_states"] = ("Agreements by stage", "Kerja sama menurut tahapan"),
        ["chart_states_caption"] = ("Mean number of agreements in each stage of the legal procedure.", "Rata-rata jumlah kerja sama pada setiap tahapan prosedur hukum."),
        ["chart_inflation"] = ("Inflation, year on year", "Inflasi tahunan (yoy)"),
        ["chart_inflation_caption"] = ("Regions with food markets in the scenario.", "Daerah yang memiliki pasar pangan dalam skenario."),
        ["replay_which"] = ("Run to replay", "Simulasi yang diputar ulang"),
        ["replay_caption"] = ("Move the slider or press play: agreement lines take the colour of their stage in that month; regions darken with the benefit received so far.",
            "Geser penggeser atau tekan putar: garis kerja sama berwarna sesuai tahapannya pada bulan itu; daerah makin gelap seiring manfaat yang sudah diterima."),
        ["replay_no_scenario"] = ("The scenario file of this run is no longer where it was, so the map cannot be drawn.",
            "Berkas skenario simulasi ini sudah tidak ada di tempatnya, sehingga peta tidak dapat digambar."),
        ["play"] = ("Play", "Putar"),
        ["benefit_to_date"] = ("Benefit so far", "Manfaat sejauh ini"),

        // Agreement types and states
        ["type_shared_service"] = ("Shared service", "Layanan bersama"),
        ["type_knowledge"] = ("Knowledge transfer", "Alih pengetahuan"),
        ["type_funding"] = ("Funding", "Pendanaan"),
        ["type_food_supply"] = ("Food supply", "Pasokan pangan"),
        ["state_planned"] = ("as planned", "sesuai rencana"),
        ["state_not_started"] = ("not started", "belum dimulai"),
        ["state_initiative"] = ("initiative", "prakarsa"),
        ["state_review"] = ("One Gate review", "penelaahan Satu Pintu"),
        ["state_offer"] = ("offer", "penawaran"),
        ["state_joint_agreement"] = ("joint agreement (KB)", "kesepakatan bersama (KB)"),
        ["state_council_approval"] = ("council approval (DPRD)", "persetujuan DPRD"),
        ["state_implementing_agreement"] = ("implementing agreement (PKS)", "perjanjian kerja sama (PKS)"),
        ["state_active"] = ("active", "aktif"),
        ["state_expired"] = ("expired", "berakhir"),
        ["state_renewed"] = ("renewal", "perpanjangan"),
        ["state_revoked"] = ("revoked", "dicabut"),
        ["state_rejected"] = ("rejected", "ditolak"),

        // Indicators
        ["indicator_benefit_total"] = ("Total benefit", "Total manfaat"),
        ["indicator_benefit_per_capita"] = ("Benefit per person", "Manfaat per penduduk"),
        ["indicator_direct_benefit"] = ("Direct benefit", "Manfaat langsung"),
        ["indicator_spillover"] = ("Spillover to neighbours", "Limpahan ke tetangga"),
        ["indicator_non_signatory_share"] = ("Share reaching non-signatories", "Bagian untuk daerah bukan penanda tangan"),
        ["indicator_gini_per_capita_benefit"] = ("Inequality of benefit per person (Gini)", "Ketimpangan manfaat per penduduk (Gini)"),
        ["indicator_agreements_active"] = ("Agreements active (end)", "Kerja sama aktif (akhir)"),
        ["indicator_mtm_inflation"] = ("Inflation, month on month", "Inflasi bulanan (mtm)"),
        ["indicator_yoy_inflation"] = ("Inflation, year on year", "Inflasi tahunan (yoy)"),

        // API page
        ["api_title"] = ("HTTP API", "API HTTP"),
        ["api_intro"] = (
            "Everything the app does is also available to scripts as JSON. The OpenAPI document describes every request; runs and comparisons are queued jobs that report their progress as server-sent events.",
            "Semua yang dilakukan aplikasi ini juga tersedia untuk skrip dalam format JSON. Dokumen OpenAPI menjelaskan setiap permintaan; simulasi dan perbandingan adalah pekerjaan dalam antrean yang melaporkan kemajuannya sebagai server-sent events."),
        ["api_request"] = ("Request", "Permintaan"),
        ["api_what"] = ("What it does", "Fungsinya"),
        ["api_example"] = ("Example", "Contoh"),
        ["api_list_scenarios"] = ("the scenario library", "pustaka skenario"),
        ["api_get_scenario"] = ("one scenario: contents, sources, problems at their lines", "satu skenario: isi, sumber, masalah pada barisnya"),
        ["api_upload"] = ("upload a scenario (size-limited, checked like the command line)", "unggah skenario (ukuran dibatasi, diperiksa seperti baris perintah)"),
        ["api_validate"] = ("check scenario text without keeping it", "periksa teks skenario tanpa menyimpannya"),
        ["api_whatif"] = ("keep a what-if variant as a new scenario", "simpan varian \"bagaimana jika\" sebagai skenario baru"),
        ["api_metrics"] = ("network metrics of the scenario's graph", "metrik jaringan dari graf skenario"),
        ["api_start_run"] = ("queue a run", "antrekan simulasi"),
        ["api_start_comparison"] = ("queue a comparison", "antrekan perbandingan"),
        ["api_job"] = ("state and progress of a job", "status dan kemajuan pekerjaan"),
        ["api_events"] = ("progress as server-sent events", "kemajuan sebagai server-sent events"),
        ["api_cancel"] = ("cancel a job", "batalkan pekerjaan"),
        ["api_list_runs"] = ("finished runs and comparisons", "simulasi dan perbandingan yang selesai"),
        ["api_tables"] = ("results tables as CSV or JSON", "tabel hasil dalam CSV atau JSON"),
        ["api_run_metrics"] = ("network metrics of a run's graph", "metrik jaringan dari graf simulasi"),
        ["api_brief"] = ("the policy brief (HTML or Markdown, en or id)", "ringkasan kebijakan (HTML atau Markdown, en atau id)"),
        ["api_zip"] = ("the result folder as a zip", "folder hasil dalam zip"),
        ["api_export"] = ("the network for Gephi, NetworkX, igraph", "jaringan untuk Gephi, NetworkX, igraph"),
    };
}
