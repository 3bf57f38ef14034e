"""Reference data copied from ../shared/domain.md (sections 1, 2.4, 3.3).

Loaded into the database by data migrations; kept here so the migrations and the
demo data read one source.
"""

import csv
from pathlib import Path

# (Kemendagri code, BPS code, name, kind, seat)  — domain.md table 1.1
DISTRICTS = [
    ("64.01", "6401", "Kabupaten Paser", "regency", "Tanah Grogot"),
    ("64.02", "6403", "Kabupaten Kutai Kartanegara", "regency", "Tenggarong"),
    ("64.03", "6405", "Kabupaten Berau", "regency", "Tanjung Redeb"),
    ("64.07", "6402", "Kabupaten Kutai Barat", "regency", "Sendawar"),
    ("64.08", "6404", "Kabupaten Kutai Timur", "regency", "Sangatta"),
    ("64.09", "6409", "Kabupaten Penajam Paser Utara", "regency", "Penajam"),
    ("64.11", "6411", "Kabupaten Mahakam Ulu", "regency", "Ujoh Bilang"),
    ("64.71", "6471", "Kota Balikpapan", "city", "Balikpapan"),
    ("64.72", "6472", "Kota Samarinda", "city", "Samarinda"),
    ("64.74", "6474", "Kota Bontang", "city", "Bontang"),
]

# district code -> [(kecamatan suffix, name)]  — domain.md section 1.2 (105 in all)
SUB_DISTRICTS = {
    "64.01": [
        ("01", "Batu Sopang"),
        ("02", "Tanjung Harapan"),
        ("03", "Paser Belengkong"),
        ("04", "Tanah Grogot"),
        ("05", "Kuaro"),
        ("06", "Long Ikis"),
        ("07", "Muara Komam"),
        ("08", "Long Kali"),
        ("09", "Batu Engau"),
        ("10", "Muara Samu"),
    ],
    "64.02": [
        ("01", "Muara Muntai"),
        ("02", "Loa Kulu"),
        ("03", "Loa Janan"),
        ("04", "Anggana"),
        ("05", "Muara Badak"),
        ("06", "Tenggarong"),
        ("07", "Sebulu"),
        ("08", "Kota Bangun"),
        ("09", "Kenohan"),
        ("10", "Kembang Janggut"),
        ("11", "Muara Kaman"),
        ("12", "Tabang"),
        ("13", "Samboja"),
        ("14", "Muara Jawa"),
        ("15", "Sanga Sanga"),
        ("16", "Tenggarong Seberang"),
        ("17", "Marang Kayu"),
        ("18", "Muara Wis"),
        ("19", "Kota Bangun Darat"),
        ("20", "Samboja Barat"),
    ],
    "64.03": [
        ("01", "Kelay"),
        ("02", "Talisayan"),
        ("03", "Sambaliung"),
        ("04", "Segah"),
        ("05", "Tanjung Redeb"),
        ("06", "Gunung Tabur"),
        ("07", "Pulau Derawan"),
        ("08", "Biduk-Biduk"),
        ("09", "Teluk Bayur"),
        ("10", "Tabalar"),
        ("11", "Maratua"),
        ("12", "Batu Putih"),
        ("13", "Biatan"),
    ],
    "64.07": [
        ("05", "Long Iram"),
        ("06", "Melak"),
        ("07", "Barong Tongkok"),
        ("08", "Damai"),
        ("09", "Muara Lawa"),
        ("10", "Muara Pahu"),
        ("11", "Jempang"),
        ("12", "Bongan"),
        ("13", "Penyinggahan"),
        ("14", "Bentian Besar"),
        ("15", "Linggang Bigung"),
        ("16", "Nyuatan"),
        ("17", "Siluq Ngurai"),
        ("18", "Mook Manaar Bulatn"),
        ("19", "Tering"),
        ("20", "Sekolaq Darat"),
    ],
    "64.08": [
        ("01", "Muara Ancalong"),
        ("02", "Muara Wahau"),
        ("03", "Muara Bengkal"),
        ("04", "Sangatta Utara"),
        ("05", "Sangkulirang"),
        ("06", "Busang"),
        ("07", "Telen"),
        ("08", "Kombeng"),
        ("09", "Bengalon"),
        ("10", "Kaliorang"),
        ("11", "Sandaran"),
        ("12", "Sangatta Selatan"),
        ("13", "Teluk Pandan"),
        ("14", "Rantau Pulung"),
        ("15", "Kaubun"),
        ("16", "Karangan"),
        ("17", "Batu Ampar"),
        ("18", "Long Mesangat"),
    ],
    "64.09": [("01", "Penajam"), ("02", "Waru"), ("03", "Babulu"), ("04", "Sepaku")],
    "64.11": [
        ("01", "Long Bagun"),
        ("02", "Long Hubung"),
        ("03", "Laham"),
        ("04", "Long Apari"),
        ("05", "Long Pahangai"),
    ],
    "64.71": [
        ("01", "Balikpapan Timur"),
        ("02", "Balikpapan Barat"),
        ("03", "Balikpapan Utara"),
        ("04", "Balikpapan Tengah"),
        ("05", "Balikpapan Selatan"),
        ("06", "Balikpapan Kota"),
    ],
    "64.72": [
        ("01", "Palaran"),
        ("02", "Samarinda Seberang"),
        ("03", "Samarinda Ulu"),
        ("04", "Samarinda Ilir"),
        ("05", "Samarinda Utara"),
        ("06", "Sungai Kunjang"),
        ("07", "Sambutan"),
        ("08", "Sungai Pinang"),
        ("09", "Samarinda Kota"),
        ("10", "Loa Janan Ilir"),
    ],
    "64.74": [
        ("01", "Bontang Utara"),
        ("02", "Bontang Selatan"),
        ("03", "Bontang Barat"),
    ],
}

# Kelompok koperasi (domain.md 2.4): a lookup table staff can extend.
CLUSTERS = [
    ("kud", "KUD (Koperasi Unit Desa)"),
    ("pertanian", "Koperasi Pertanian"),
    ("perkebunan", "Koperasi Perkebunan"),
    ("peternakan", "Koperasi Peternakan"),
    ("perikanan", "Koperasi Perikanan/Nelayan"),
    ("ksp", "Koperasi Simpan Pinjam"),
    ("ksu", "Koperasi Serba Usaha (KSU)"),
    ("kopkar", "Kopkar (Koperasi Karyawan)"),
    ("kpri", "KPRI (Koperasi Pegawai Republik Indonesia)"),
    ("kopad", "Koperasi Angkatan Darat"),
    ("kopal", "Koperasi Angkatan Laut"),
    ("kopau", "Koperasi Angkatan Udara"),
    ("kopolri", "Koperasi Kepolisian"),
    ("kopwan", "Kopwan (Koperasi Wanita)"),
    ("koppas", "Koperasi Pasar (Koppas)"),
    ("kopinkra", "Kopinkra (Koperasi Industri Kecil dan Kerajinan)"),
    ("profesi", "Koperasi Profesi"),
    ("kopontren", "Kopontren (Pondok Pesantren)"),
    ("kopma", "Kopma (Koperasi Mahasiswa)"),
    ("sekolah", "Koperasi Sekolah"),
    ("plasma", "Koperasi Plasma"),
    ("kdmp", "KDMP (Koperasi Desa/Kelurahan Merah Putih)"),
    ("lainnya", "Lainnya"),
]

# KBLI 2020 sections A-U (domain.md 2.4: sektor usaha).
KBLI_SECTIONS = [
    ("A", "Pertanian, Kehutanan dan Perikanan"),
    ("B", "Pertambangan dan Penggalian"),
    ("C", "Industri Pengolahan"),
    ("D", "Pengadaan Listrik, Gas, Uap/Air Panas dan Udara Dingin"),
    ("E", "Pengelolaan Air, Air Limbah, Sampah dan Daur Ulang"),
    ("F", "Konstruksi"),
    ("G", "Perdagangan Besar dan Eceran; Reparasi Mobil dan Sepeda Motor"),
    ("H", "Pengangkutan dan Pergudangan"),
    ("I", "Penyediaan Akomodasi dan Penyediaan Makan Minum"),
    ("J", "Informasi dan Komunikasi"),
    ("K", "Jasa Keuangan dan Asuransi"),
    ("L", "Real Estat"),
    ("M", "Jasa Profesional, Ilmiah dan Teknis"),
    (
        "N",
        "Jasa Persewaan, Ketenagakerjaan, Agen Perjalanan dan Penunjang Usaha Lainnya",
    ),
    ("O", "Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib"),
    ("P", "Pendidikan"),
    ("Q", "Aktivitas Kesehatan Manusia dan Aktivitas Sosial"),
    ("R", "Kesenian, Hiburan dan Rekreasi"),
    ("S", "Aktivitas Jasa Lainnya"),
    ("T", "Aktivitas Rumah Tangga sebagai Pemberi Kerja"),
    ("U", "Aktivitas Badan Internasional dan Badan Ekstra Internasional Lainnya"),
]


def load_reference_data(district_model, sub_district_model, cluster_model) -> None:
    """Insert or refresh the districts, kecamatan and clusters above. Takes the
    models as arguments so a data migration can pass its historical ones."""
    for code, bps_code, name, kind, seat in DISTRICTS:
        district_model.objects.update_or_create(
            code=code,
            defaults={"bps_code": bps_code, "name": name, "kind": kind, "seat": seat},
        )
    for district_code, rows in SUB_DISTRICTS.items():
        for suffix, name in rows:
            sub_district_model.objects.update_or_create(
                code=f"{district_code}.{suffix}",
                defaults={"district_id": district_code, "name": name},
            )
    for code, name in CLUSTERS:
        cluster_model.objects.update_or_create(code=code, defaults={"name": name})


# The 1,038 desa/kelurahan (code, kecamatan code, name, kind): MIT, from
# cahyadsn/wilayah_boundaries; its notice is data/LICENSE-wilayah_boundaries.txt.
VILLAGES_CSV = Path(__file__).resolve().parent / "data" / "desa-kelurahan.csv"


def village_rows() -> list[dict]:
    with VILLAGES_CSV.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def load_villages(village_model) -> None:
    """Insert or refresh the villages of VILLAGES_CSV. Takes the model as an
    argument so a data migration can pass its historical one."""
    rows = village_rows()
    existing = set(village_model.objects.values_list("code", flat=True))
    village_model.objects.bulk_create(
        [
            village_model(
                code=row["code"],
                sub_district_id=row["subdistrict_code"],
                name=row["name"],
                kind=row["kind"],
            )
            for row in rows
            if row["code"] not in existing
        ]
    )
    for row in rows:
        if row["code"] in existing:
            village_model.objects.filter(code=row["code"]).update(
                sub_district_id=row["subdistrict_code"],
                name=row["name"],
                kind=row["kind"],
            )
