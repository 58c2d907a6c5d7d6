//! Documents attached to advice (Code 9.49: advice may draw on reports already written): PDFs,
//! images and office documents, within set limits. A file is taken for what its bytes say it is,
//! not for what its name or the browser claims, and its name must agree, so a program renamed
//! `report.pdf` is refused and what is stored is always served as the type it was checked to be.

/// The largest file one piece of advice may carry.
pub const MOST_BYTES: usize = 10 * 1024 * 1024;
/// How many files one piece of advice may carry.
pub const MOST_FILES: usize = 5;
/// The longest file name kept.
const MOST_NAME_CHARS: usize = 120;

/// The kinds of document advice may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentType {
    Pdf,
    Png,
    Jpeg,
    /// Word 97–2003 (an OLE compound file).
    Doc,
    Docx,
    Xlsx,
    Pptx,
    Odt,
}

impl DocumentType {
    pub const ALL: [DocumentType; 8] = [
        DocumentType::Pdf,
        DocumentType::Png,
        DocumentType::Jpeg,
        DocumentType::Doc,
        DocumentType::Docx,
        DocumentType::Xlsx,
        DocumentType::Pptx,
        DocumentType::Odt,
    ];

    /// What it is served as.
    pub fn content_type(self) -> &'static str {
        match self {
            DocumentType::Pdf => "application/pdf",
            DocumentType::Png => "image/png",
            DocumentType::Jpeg => "image/jpeg",
            DocumentType::Doc => "application/msword",
            DocumentType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            DocumentType::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            DocumentType::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            DocumentType::Odt => "application/vnd.oasis.opendocument.text",
        }
    }

    pub fn from_content_type(text: &str) -> Option<DocumentType> {
        DocumentType::ALL.into_iter().find(|t| t.content_type() == text)
    }

    /// How a list of files names it.
    pub fn label(self) -> &'static str {
        match self {
            DocumentType::Pdf => "PDF",
            DocumentType::Png => "PNG image",
            DocumentType::Jpeg => "JPEG image",
            DocumentType::Doc | DocumentType::Docx => "Word document",
            DocumentType::Xlsx => "Excel spreadsheet",
            DocumentType::Pptx => "PowerPoint presentation",
            DocumentType::Odt => "OpenDocument text",
        }
    }

    /// The endings a file of this type may have.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            DocumentType::Pdf => &["pdf"],
            DocumentType::Png => &["png"],
            DocumentType::Jpeg => &["jpg", "jpeg"],
            DocumentType::Doc => &["doc"],
            DocumentType::Docx => &["docx"],
            DocumentType::Xlsx => &["xlsx"],
            DocumentType::Pptx => &["pptx"],
            DocumentType::Odt => &["odt"],
        }
    }

    /// What the bytes are, by their signature. The three Office formats share a ZIP signature
    /// and a `[Content_Types].xml` part, so the name's ending tells them apart; an OpenDocument
    /// file names its type in its first part.
    fn sniffed(bytes: &[u8], extension: &str) -> Option<DocumentType> {
        const ZIP: &[u8] = b"PK\x03\x04";
        if bytes.starts_with(b"%PDF-") {
            Some(DocumentType::Pdf)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(DocumentType::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(DocumentType::Jpeg)
        } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            Some(DocumentType::Doc)
        } else if bytes.starts_with(ZIP)
            && bytes
                .get(30..)
                .is_some_and(|b| b.starts_with(b"mimetypeapplication/vnd.oasis.opendocument.text"))
        {
            Some(DocumentType::Odt)
        } else if bytes.starts_with(ZIP) && contains(bytes, b"[Content_Types].xml") {
            [DocumentType::Docx, DocumentType::Xlsx, DocumentType::Pptx]
                .into_iter()
                .find(|t| t.extensions().contains(&extension))
        } else {
            None
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A file found to be what it says it is, with the name it is kept under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFile {
    pub file_name: String,
    pub document_type: DocumentType,
}

/// Whether `bytes`, sent under `name`, may be attached; the message names the file.
pub fn check_file(name: &str, bytes: &[u8]) -> Result<CheckedFile, String> {
    // Browsers on some systems send the whole path; only the last part is the file's name.
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let file_name: String = base.chars().filter(|c| !c.is_control()).collect();
    if file_name.is_empty() {
        return Err("A file has no name: give it one and choose it again".into());
    }
    if file_name.chars().count() > MOST_NAME_CHARS {
        return Err(format!(
            "The name of {file_name} is too long: shorten it to {MOST_NAME_CHARS} characters or fewer"
        ));
    }
    if bytes.is_empty() {
        return Err(format!("{file_name} is empty"));
    }
    if bytes.len() > MOST_BYTES {
        return Err(format!("{file_name} must be smaller than {} MB", MOST_BYTES / (1024 * 1024)));
    }
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let extension = extension.unwrap_or_default();
    let allowed = "a PDF, a PNG or JPEG image, or a Word, Excel, PowerPoint or OpenDocument file";
    let Some(document_type) = DocumentType::sniffed(bytes, &extension) else {
        return Err(format!("{file_name} must be {allowed}"));
    };
    if !document_type.extensions().contains(&extension.as_str()) {
        return Err(format!(
            "{file_name} is a {} but its name does not end .{}: rename it and choose it again",
            document_type.label(),
            document_type.extensions()[0]
        ));
    }
    Ok(CheckedFile { file_name, document_type })
}

/// How many bytes, as a person reads it: "820 KB", "2.4 MB".
pub fn size_in_words(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ooxml() -> Vec<u8> {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend([0; 26]);
        bytes.extend(b"[Content_Types].xml and the rest");
        bytes
    }

    #[test]
    fn each_kind_is_known_by_its_bytes_and_its_name_must_agree() {
        let pdf = b"%PDF-1.7\n...".to_vec();
        let checked = check_file("C:\\Users\\me\\Report.PDF", &pdf).unwrap();
        assert_eq!(checked.file_name, "Report.PDF");
        assert_eq!(checked.document_type, DocumentType::Pdf);
        assert_eq!(
            check_file("scan.jpeg", &[0xFF, 0xD8, 0xFF, 0xE0]).unwrap().document_type,
            DocumentType::Jpeg
        );
        assert_eq!(
            check_file("chart.png", b"\x89PNG\r\n\x1a\n..").unwrap().document_type,
            DocumentType::Png
        );
        let doc = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0];
        assert_eq!(check_file("old.doc", &doc).unwrap().document_type, DocumentType::Doc);
        assert_eq!(check_file("a.docx", &ooxml()).unwrap().document_type, DocumentType::Docx);
        assert_eq!(check_file("a.xlsx", &ooxml()).unwrap().document_type, DocumentType::Xlsx);
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend([0; 26]);
        odt.extend(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(check_file("a.odt", &odt).unwrap().document_type, DocumentType::Odt);

        // A name that says one thing over bytes that are another.
        let renamed = check_file("report.pdf", &[0xFF, 0xD8, 0xFF, 0xE0]).unwrap_err();
        assert!(renamed.contains("is a JPEG image but its name does not end .jpg"), "{renamed}");
        assert!(
            check_file("report.pdf", b"MZ\x90\x00program").unwrap_err().contains("must be a PDF")
        );
        assert!(check_file("notes.zip", b"PK\x03\x04plain zip").is_err());
        assert!(check_file("a.docx", b"PK\x03\x04plain zip").is_err());
        assert!(check_file("page.html", b"<html><script>").is_err());
    }

    #[test]
    fn empty_huge_and_nameless_files_are_refused() {
        assert_eq!(check_file("a.pdf", b"").unwrap_err(), "a.pdf is empty");
        let mut huge = b"%PDF-".to_vec();
        huge.resize(MOST_BYTES + 1, 0);
        assert!(check_file("a.pdf", &huge).unwrap_err().contains("smaller than 10 MB"));
        let mut largest = b"%PDF-".to_vec();
        largest.resize(MOST_BYTES, 0);
        assert!(check_file("a.pdf", &largest).is_ok());
        assert!(check_file(" / ", b"%PDF-").unwrap_err().contains("no name"));
        let long = format!("{}.pdf", "a".repeat(MOST_NAME_CHARS));
        assert!(check_file(&long, b"%PDF-").unwrap_err().contains("too long"));
        assert_eq!(check_file("a\u{7}b.pdf", b"%PDF-").unwrap().file_name, "ab.pdf");
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_in_words(900), "900 bytes");
        assert_eq!(size_in_words(1025), "2 KB");
        assert_eq!(size_in_words(2_500_000), "2.4 MB");
    }

    #[test]
    fn content_types_round_trip() {
        for t in DocumentType::ALL {
            assert_eq!(DocumentType::from_content_type(t.content_type()), Some(t));
        }
    }
}
