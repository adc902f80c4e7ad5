//! The Word package around a document's main part: our own (A4, fonts named for Chinese so
//! Word and WPS render them, page numbers in the footer), or a bureau's template with only its
//! main part replaced. Written with fixed dates, so the same result gives the same bytes.

use crate::model::{Date, Lang};
use std::io::{Read, Write};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Page layout every default document uses: A4 portrait, 2.5 cm margins, our footer.
pub const SECTION: &str = r#"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1418" w:right="1418" w:bottom="1418" w:left="1418" w:header="851" w:footer="851" w:gutter="0"/></w:sectPr>"#;

/// The start and end of a main part: the body goes between.
pub fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}{SECTION}</w:body></w:document>"#
    )
}

fn styles() -> String {
    // Body: 宋体 (SimSun) for Chinese, Times New Roman for Latin, 10.5 pt (五号); headings:
    // 黑体 (SimHei). The eastAsia attribute is what Word and WPS read for Chinese text.
    let fonts = |east: &str| {
        format!(
            r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{east}" w:cs="Times New Roman"/>"#
        )
    };
    let heading = |id: &str, name: &str, size: u32, level: u32| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="{level}"/></w:pPr><w:rPr>{}<w:b/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>"#,
            fonts("黑体")
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>{}<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="300" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>{}{}{}<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="center"/><w:spacing w:before="240" w:after="240"/></w:pPr><w:rPr>{}<w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#,
        fonts("宋体"),
        heading("Heading1", "heading 1", 30, 0),
        heading("Heading2", "heading 2", 24, 1),
        heading("Heading3", "heading 3", 21, 2),
        fonts("黑体"),
    )
}

/// "第 X 页 共 Y 页" (or "Page X of Y"), centred, with Word's PAGE and NUMPAGES fields.
fn footer(lang: Lang) -> String {
    let field = |code: &str| {
        format!(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
        )
    };
    let text = |s: &str| format!(r#"<w:r><w:t xml:space="preserve">{s}</w:t></w:r>"#);
    let (a, b, c) = match lang {
        Lang::Zh => ("第 ", " 页 共 ", " 页"),
        Lang::En => ("Page ", " of ", ""),
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>{}{}{}{}{}</w:p></w:ftr>"#,
        text(a),
        field("PAGE"),
        text(b),
        field("NUMPAGES"),
        if c.is_empty() { String::new() } else { text(c) },
    )
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn core(title: &str, date: Option<Date>) -> String {
    let when = date.map_or_else(|| "2000-01-01".to_string(), |d| d.to_string());
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>isoaudit</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{when}T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{when}T00:00:00Z</dcterms:modified></cp:coreProperties>"#,
        escape_attr(title)
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

/// Zip `parts` (name, bytes) in order, with a fixed modification time.
fn zip_parts(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, bytes) in parts {
            z.start_file(name.as_str(), opts)
                .map_err(|e| e.to_string())?;
            z.write_all(bytes).map_err(|e| e.to_string())?;
        }
        z.finish().map_err(|e| e.to_string())?;
    }
    Ok(buf.into_inner())
}

/// Our own package around `document_xml`.
pub fn default_package(
    document_xml: &str,
    lang: Lang,
    title: &str,
    date: Option<Date>,
) -> Result<Vec<u8>, String> {
    let parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), CONTENT_TYPES.into()),
        ("_rels/.rels".into(), ROOT_RELS.into()),
        ("word/document.xml".into(), document_xml.into()),
        ("word/_rels/document.xml.rels".into(), DOCUMENT_RELS.into()),
        ("word/styles.xml".into(), styles().into_bytes()),
        ("word/footer1.xml".into(), footer(lang).into_bytes()),
        ("docProps/core.xml".into(), core(title, date).into_bytes()),
    ];
    zip_parts(&parts)
}

/// The main part of a bureau's template (`.docx`), opened through the guarded opener.
pub fn template_document(bytes: &[u8]) -> Result<String, String> {
    let mut z = crate::office::Zip::open(bytes, "template").map_err(|e| e.to_string())?;
    z.text("word/document.xml")
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "not a Word document: it has no word/document.xml".to_string())
}

/// The bureau's template with its main part replaced by `document_xml`; every other part
/// (styles, headers, footers, images, numbering) is kept as it was.
pub fn template_package(bytes: &[u8], document_xml: &str) -> Result<Vec<u8>, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a valid .docx: {e}"))?;
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).map_err(|e| e.to_string())?;
        let name = String::from_utf8_lossy(f.name_raw()).into_owned();
        if name
            .trim_start_matches('/')
            .eq_ignore_ascii_case("word/document.xml")
        {
            parts.push((name, document_xml.as_bytes().to_vec()));
            continue;
        }
        let mut b = Vec::new();
        std::io::copy(
            &mut (&mut f).take(crate::office::MAX_PART_BYTES + 1),
            &mut b,
        )
        .map_err(|e| e.to_string())?;
        parts.push((name, b));
    }
    zip_parts(&parts)
}
